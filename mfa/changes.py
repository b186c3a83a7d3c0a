"""Changes to an account's second factors, each written to the activity trail and announced
to the account's address."""

from django.http import HttpRequest
from django_otp_webauthn.models import WebAuthnCredential

from accounts.audit import Kind, record

from . import factors, policy, trust
from .notices import send_notice

FRESH_CODES_KEY = "mfa_fresh_recovery_codes"


def _announce(request: HttpRequest, kind: str, detail: str, sentence: str) -> None:
    record(request, kind, user=request.user, detail=detail)
    send_notice(request, request.user, sentence)


def factor_added(request: HttpRequest, device, detail: str, sentence: str) -> bool:
    """After a factor is confirmed. Returns whether recovery codes were made with it."""
    user = request.user
    if not request.user.is_verified():
        # This session has now shown the new factor; django-otp marks it verified.
        factors.mark_session_verified(request, device)
    policy.note_factor_added(request, passkey=isinstance(device, WebAuthnCredential))
    _announce(request, Kind.FACTOR_ADDED, detail, sentence)
    if factors.recovery_codes(user) is None:
        make_recovery_codes(request, announce=False)
        return True
    return False


def factor_removed(request: HttpRequest, device, detail: str, sentence: str) -> None:
    device.delete()
    _announce(request, Kind.FACTOR_REMOVED, detail, sentence)
    if not factors.has_second_factor(request.user):
        # Without a factor, recovery codes would be a way in that nothing else backs.
        codes = factors.recovery_codes(request.user)
        if codes is not None:
            codes.delete()


def may_remove_factor(request: HttpRequest) -> bool:
    """An account that must have a second factor may not remove its last one."""
    return (
        not policy.second_factor_required(request.user) or len(factors.factor_ids(request.user)) > 1
    )


def make_recovery_codes(request: HttpRequest, *, announce: bool = True) -> None:
    """New codes, kept in the session until they have been shown once."""
    request.session[FRESH_CODES_KEY] = factors.make_recovery_codes(request.user)
    if announce:
        _announce(
            request,
            Kind.RECOVERY_CODES_MADE,
            f"{factors.RECOVERY_CODE_COUNT} codes",
            "New recovery codes were made for your account; the old ones no longer work.",
        )
    else:
        record(request, Kind.RECOVERY_CODES_MADE, user=request.user, detail="with the first factor")


def forget_trusted_browsers(request: HttpRequest) -> None:
    trust.forget_everywhere(request.user)
    _announce(
        request,
        Kind.TRUST_ENDED,
        "",
        "Every browser trusted to skip the second step on your account was forgotten.",
    )
