"""The sign-in lockout (django-axes, configured in accounts.lockout), asked by the second step
and by "confirm it is you" before they look at a code or a password."""

from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpRequest, HttpResponse

from accounts.lockout import lockout_response


def paused_response(request: HttpRequest, user) -> HttpResponse | None:
    """The 429 page if the (account, IP) pair or the IP is locked out, else None."""
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return lockout_response(request, None, credentials)
    return None
