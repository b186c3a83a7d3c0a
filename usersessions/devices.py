"""The device cookie: a long-lived, signed, HttpOnly cookie naming this browser, so that an
account can tell a browser it has signed in from before from a new one."""

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "tgdb_device"
SALT = "usersessions.device"
MAX_AGE = 400 * 24 * 60 * 60  # the longest browsers keep a cookie
# Set by the sign-in receiver; the middleware writes it on the response.
REQUEST_ATTRIBUTE = "device_cookie_to_set"


def new_device_id() -> str:
    return secrets.token_hex(16)


def cookie_device_id(request: HttpRequest) -> str | None:
    """This browser's device id, if it carries a cookie we signed."""
    value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=SALT, max_age=MAX_AGE)
    return value if value and len(value) == 32 else None


# Per request: the account's KnownDevice for this browser (or None), by username. Asked by the
# lockout before the password check and by the sign-in after it, answered by one query.
_KNOWN_ATTRIBUTE = "_known_devices_by_username"


def known_device(request: HttpRequest, username: str | None):
    """The KnownDevice of account `username` that this browser's cookie names, if any: a
    forged, expired or foreign cookie names none."""
    device_id = cookie_device_id(request)
    if not device_id or not username:
        return None
    found = request.__dict__.setdefault(_KNOWN_ATTRIBUTE, {})
    if username not in found:
        from .models import KnownDevice

        found[username] = KnownDevice.objects.filter(
            user__username=username, device_id=device_id
        ).first()
    return found[username]


def remember(request: HttpRequest, device_id: str) -> None:
    setattr(request, REQUEST_ATTRIBUTE, device_id)


def write_cookie(request: HttpRequest, response: HttpResponse) -> None:
    device_id = getattr(request, REQUEST_ATTRIBUTE, None)
    if device_id:
        response.set_signed_cookie(
            COOKIE_NAME,
            device_id,
            salt=SALT,
            max_age=MAX_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
