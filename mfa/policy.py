"""Who must have a second factor (TGDB_REQUIRE_2FA), and sending those without one to set one up.

"none" asks nobody, "staff" asks superusers and staff, "all" asks everyone. Whether a signed-in
account still has to set one up is kept in its session, worked out once at sign-in (or on the
first request of a session that began before the rule), so ordinary pages cost no query.
"""

from django.conf import settings
from django.http import HttpRequest

from . import factors

ENROLMENT_KEY = "mfa_must_add_factor"


def second_factor_required(user) -> bool:
    rule = settings.TGDB_REQUIRE_2FA
    if rule == "all":
        return True
    if rule == "staff":
        return user.is_staff or user.is_superuser
    return False


def note_sign_in(request: HttpRequest, user, has_factor: bool) -> None:
    """Call right after login(): remember whether this session must set up a factor first."""
    request.session[ENROLMENT_KEY] = second_factor_required(user) and not has_factor


def note_factor_added(request: HttpRequest) -> None:
    request.session[ENROLMENT_KEY] = False


def must_add_factor(request: HttpRequest) -> bool:
    if settings.TGDB_REQUIRE_2FA == "none" or not request.user.is_authenticated:
        return False
    flag = request.session.get(ENROLMENT_KEY)
    if flag is None:  # a session from before the rule: ask the database once
        flag = request.session[ENROLMENT_KEY] = second_factor_required(
            request.user
        ) and not factors.has_second_factor(request.user)
    return flag
