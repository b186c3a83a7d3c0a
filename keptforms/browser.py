"""The random cookie that binds a kept form to the browser that sent it."""

import hashlib
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "kept_forms_browser"
_KEY_LENGTH = 43  # secrets.token_urlsafe(32)


def key_of(request: HttpRequest) -> str | None:
    """This browser's key, if it carries a well-formed one."""
    key = request.COOKIES.get(COOKIE_NAME, "")
    return key if len(key) == _KEY_LENGTH else None


def new_key() -> str:
    return secrets.token_urlsafe(32)


def digest(value: str) -> str:
    # The values are 256 random bits: a plain hash is enough, no salt or slow hash is needed.
    return hashlib.sha256(value.encode()).hexdigest()


def remember(response: HttpResponse, key: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        key,
        max_age=settings.TGDB_KEPT_FORM_HOURS * 60 * 60,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
