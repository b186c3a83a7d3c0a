"""What an account without a role is told: what the roles are, and whom to ask for one.

Such an account can sign in but do nothing in the dashboard (team/roles.py), so its home page
and the 403 of a role-only page say so instead of leaving it to guess.
"""

from . import people
from .roles import DESCRIPTIONS, ORDER

NAMED_AT_MOST = 5
NOBODY_TO_NAME = "an administrator of this blog"


def _may_be_named(name: str) -> bool:
    # A username may be an e-mail address: administrators' addresses are not for everyone.
    return "@" not in name


def whom_to_ask() -> str:
    """The active administrators by name ("Ada Lovelace or root"), in one query."""
    found = (
        people.administrators()
        .distinct()
        .order_by("username")
        .only("username", "display_name", "first_name", "last_name")
    )
    names = [person.byline for person in found if _may_be_named(person.byline)]
    if not names:
        return NOBODY_TO_NAME
    if len(names) > NAMED_AT_MOST:
        names = [*names[:NAMED_AT_MOST], "another administrator"]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def notice() -> dict:
    """What team/_no_role_notice.html draws."""
    return {
        "roles": [(role.label, DESCRIPTIONS[role]) for role in ORDER],
        "whom_to_ask": whom_to_ask(),
    }
