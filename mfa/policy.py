"""Who must have a second factor (TGDB_REQUIRE_2FA), and sending those without one to set one up.

"none" asks nobody and "all" everyone. "staff" asks everyone who can change others' work: Django
staff, superusers, Editors and Administrators. A role's name ("contributor", "author", "editor",
"administrator") asks that role and the ones above it (team/roles.py; a superuser counts as an
Administrator), so "contributor" asks everyone with a role.

Whether a signed-in account still has to set one up is kept in its session, worked out once at
sign-in (or on the first request of a session that began before the rule), so ordinary pages
cost no query.
"""

from django.conf import settings
from django.http import HttpRequest

from team.roles import ORDER, Role, role_of

from . import factors

ENROLMENT_KEY = "mfa_must_add_factor"
# An account made without a password (it chose a passkey when it joined, team/invitations.py)
# has no other way back in: until it adds a passkey it sees only the security pages, whatever
# TGDB_REQUIRE_2FA says, and an authenticator app alone does not let it out.
PASSKEY_FIRST_KEY = "mfa_must_add_passkey"

# The roles by the names TGDB_REQUIRE_2FA gives them.
ROLE_RULES = {role.value.lower(): role for role in ORDER}
CHANGES_OTHERS_WORK = {Role.EDITOR, Role.ADMINISTRATOR}


def second_factor_required(user) -> bool:
    """Whether TGDB_REQUIRE_2FA asks `user` for a second factor (asked at sign-in: the role
    costs a query then, and none on ordinary pages)."""
    rule = settings.TGDB_REQUIRE_2FA
    if rule in ("none", "all"):
        return rule == "all"
    if rule == "staff" and (user.is_staff or user.is_superuser):
        return True
    role = role_of(user)
    if role is None:
        return False
    if rule == "staff":
        return role in CHANGES_OTHERS_WORK
    return ORDER.index(role) >= ORDER.index(ROLE_RULES[rule])


def note_sign_in(request: HttpRequest, user, has_factor: bool) -> None:
    """Call right after login(): remember whether this session must set up a factor first."""
    request.session[ENROLMENT_KEY] = second_factor_required(user) and not has_factor


def require_passkey_first(request: HttpRequest) -> None:
    """Call right after signing in an account that has no password yet."""
    request.session[PASSKEY_FIRST_KEY] = True


def note_factor_added(request: HttpRequest, *, passkey: bool = False) -> None:
    request.session[ENROLMENT_KEY] = False
    if passkey:
        request.session.pop(PASSKEY_FIRST_KEY, None)


def must_add_factor(request: HttpRequest) -> bool:
    if not request.user.is_authenticated:
        return False
    if request.session.get(PASSKEY_FIRST_KEY):
        return True
    if settings.TGDB_REQUIRE_2FA == "none":
        return False
    flag = request.session.get(ENROLMENT_KEY)
    if flag is None:  # a session from before the rule: ask the database once
        flag = request.session[ENROLMENT_KEY] = second_factor_required(
            request.user
        ) and not factors.has_second_factor(request.user)
    return flag
