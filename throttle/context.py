"""Which request a password check belongs to, for the gate to choose its slot.

Django's hashers are called without the request (check_password, set_password), so the
middleware names the request being served in a context variable, per thread.
"""

from contextvars import ContextVar

from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)
# Set on the request by the lockout when the browser carries the account's device cookie.
KNOWN_BROWSER_ATTRIBUTE = "from_known_browser"


def is_known(request: HttpRequest) -> bool:
    """A browser the account knows, or a signed-in person confirming it is them."""
    if getattr(request, KNOWN_BROWSER_ATTRIBUTE, False):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
