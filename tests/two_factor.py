"""Second factors as the tests set them up and use them: codes come from django-otp itself."""

import os

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from mfa import factors

# The second steps of the doors: the admin door finishes at the dashboard's.
SECOND_STEP = {"blog": "/login/verify/", "cadmin": "/cadmin/login/verify/"}
SECOND_STEP["admin"] = SECOND_STEP["cadmin"]


def add_authenticator(user) -> TOTPDevice:
    """An authenticator app, confirmed, and the recovery codes made with it."""
    device = TOTPDevice.objects.create(user=user, name=factors.AUTHENTICATOR_NAME, confirmed=True)
    factors.make_recovery_codes(user)
    return device


def code_now(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` periods later), computed by django-otp."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def recovery_codes(user) -> list[str]:
    return list(
        factors.StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )


def wrong_code(device: TOTPDevice) -> str:
    """A well-formed code the app would not accept now (its tolerance is one period each way)."""
    accepted = {code_now(device, steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000001", "000002", "000003", "000004") if code not in accepted)


def add_passkey(user, name: str = "YubiKey"):
    """A passkey row as django-otp-webauthn stores one (its key is never used by these tests)."""
    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        credential_id=os.urandom(16),
        public_key=b"\x00",
        sign_count=0,
        confirmed=True,
    )
