"""Which slot a password check of the current request takes (accounts.current_request names
the request, which Django's hashers are called without)."""

from django.http import HttpRequest

# Set on the request by the lockout when the browser carries the account's device cookie.
KNOWN_BROWSER_ATTRIBUTE = "from_known_browser"


def is_known(request: HttpRequest) -> bool:
    """A browser the account knows, or a signed-in person confirming it is them."""
    if getattr(request, KNOWN_BROWSER_ATTRIBUTE, False):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
