"""How long a sign-in lasts: until the browser closes, or the "remember me" period."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest

REMEMBER_ME_FIELD = "remember_me"


def remember_me_period() -> timedelta:
    return timedelta(seconds=settings.SESSION_COOKIE_AGE)


def keep_session(request: HttpRequest, remember_me: bool) -> None:
    """Call right after login(): a session cookie by default, a lasting one if asked."""
    request.session.set_expiry(remember_me_period() if remember_me else 0)
