"""Who must have a second factor (TGDB_REQUIRE_2FA), and sending those without one to set one up.

"none" asks nobody and "all" everyone. "staff" asks everyone who can change others' work: Django
staff, superusers, Editors and Administrators. A role's name ("contributor", "author", "editor",
"administrator") asks that role and the ones above it (team/roles.py; a superuser counts as an
Administrator), so "contributor" asks everyone with a role.

Whether a signed-in account still has to set one up is kept in its session, worked out once at
sign-in (or on the first request of a session that began before the rule), so ordinary pages
cost no query. So is the page the set-up interrupted (at first, the `next` of the sign-in, such as
a form kept across it): once a factor is added, the browser goes on there.
"""

from django.conf import settings
from django.http import HttpRequest

from accounts.redirects import safe_next_url
from team.roles import ORDER, Role, role_of

from . import factors

ENROLMENT_KEY = "mfa_must_add_factor"
# An account made without a password (it chose a passkey when it joined, team/invitations.py)
# has no other way back in: until it adds a passkey it sees only the security pages, whatever
# TGDB_REQUIRE_2FA says, and an authenticator app alone does not let it out.
PASSKEY_FIRST_KEY = "mfa_must_add_passkey"

# The first page a GET asked for while a factor was still to set up.
INTERRUPTED_KEY = "mfa_set_up_interrupted"

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


def note_interrupted(request: HttpRequest) -> None:
    """The browser is sent to set up a factor instead of to this page: remember the first one,
    which is where the sign-in was going (later ones may be a favicon or another tab's call)."""
    if request.method != "GET" or INTERRUPTED_KEY in request.session:
        return
    # The path is the browser's own, and "//host/..." is a path too: same rule as any `next`.
    url = safe_next_url(request, request.get_full_path())
    if url:
        request.session[INTERRUPTED_KEY] = url


def interrupted(request: HttpRequest) -> str | None:
    """The page to go on to once the set-up is done, for the security page to name."""
    return request.session.get(INTERRUPTED_KEY)


def continue_after_set_up(request: HttpRequest) -> str | None:
    """Call once a factor was added: the page the set-up interrupted, once, if it is over."""
    if must_add_factor(request):
        return None  # an account without a password still needs its passkey
    return request.session.pop(INTERRUPTED_KEY, None)
