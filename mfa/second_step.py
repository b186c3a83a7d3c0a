"""The outcome of a second step, whichever factor was offered: a code or a passkey.

A pass signs in with everything the password step asked for (`next`, "remember me"). A failure
counts toward the half-way state's attempts and toward the lockout of the (account, IP) pair,
exactly like a wrong password, so a stolen password buys no extra guesses.
"""

from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

from accounts.audit import DOOR_ATTRIBUTE, Kind, record

from . import factors
from .pending import PendingSignIn, clear, note_failure
from .sign_in import sign_in


def passed(request: HttpRequest, pending: PendingSignIn, user, device, detail: str) -> None:
    setattr(request, DOOR_ATTRIBUTE, pending.door)
    record(request, Kind.SECOND_STEP_PASSED, user=user, detail=detail)
    clear(request)
    sign_in(request, user, remember_me=pending.remember_me, device=device, door=pending.door)


def failed(request: HttpRequest, pending: PendingSignIn, user, detail: str) -> int:
    """Record a wrong answer; returns the attempts left (0: back to the password)."""
    setattr(request, DOOR_ATTRIBUTE, pending.door)
    record(request, Kind.SECOND_STEP_FAILED, user=user, detail=detail)
    # django-axes counts it for the (account, IP) pair and may lock the pair out now, in which
    # case its middleware answers with the 429 page.
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        clear(request)
        return 0
    return note_failure(request, pending)


def describe(device) -> str:
    if device is None:
        return ""
    if isinstance(device, factors.StaticDevice):
        return "Recovery code"
    if isinstance(device, factors.TOTPDevice):
        return factors.AUTHENTICATOR_NAME
    return f"Passkey “{device.name}”" if device.name else "Passkey"
