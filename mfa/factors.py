"""An account's second factors, as django-otp keeps them, and checking a typed code.

- the authenticator app: one confirmed `TOTPDevice`;
- passkeys: `WebAuthnCredential`s (django-otp-webauthn);
- recovery codes: one `StaticDevice` holding single-use `StaticToken`s. They are made with the
  first factor and are a way back in, not a factor of their own.
"""

import math
import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import CharField, Value
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10

TOTP_CODE = re.compile(r"\d{6}")
# StaticToken.random_token(): 8 characters of lower-case base32; shown as "abcd-efgh".
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


def normalise_code(typed: str) -> str:
    """What people type around a code: spaces, dashes, capitals."""
    return re.sub(r"[\s-]", "", typed).lower()


def is_well_formed(code: str) -> bool:
    return bool(TOTP_CODE.fullmatch(code) or RECOVERY_CODE.fullmatch(code))


def authenticator(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def base32_secret(device: TOTPDevice) -> str:
    """The app's key as people type it: base32, as in the otpauth:// link."""
    return b32encode(device.bin_key).decode()


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def recovery_codes(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_CODES_NAME).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_CODES_NAME).count()


def factor_ids(user) -> list[str]:
    """The persistent ids of the account's confirmed factors, in one query."""
    rows = [
        model.objects.filter(user=user, confirmed=True)
        .order_by()
        .values_list(Value(model.model_label(), output_field=CharField()), "pk")
        for model in (TOTPDevice, WebAuthnCredential)
    ]
    return sorted(f"{label}/{pk}" for label, pk in rows[0].union(rows[1], all=True))


def has_second_factor(user) -> bool:
    return bool(factor_ids(user))


def make_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with RECOVERY_CODE_COUNT new ones; the old are void."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_CODES_NAME)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        device.throttle_reset()
    return codes


def shown(code: str) -> str:
    """A recovery code as people read it: abcd-efgh."""
    return f"{code[:4]}-{code[4:]}" if RECOVERY_CODE.fullmatch(code) else code


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None = None
    wait_until: datetime | None = None  # the device refuses codes until then (django-otp)

    @property
    def is_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)

    def refusal(self, wrong: str) -> str:
        """Why the code was refused, for the form: `wrong`, unless it came within the pause
        django-otp makes after wrong codes. Then even the right code is refused unchecked, and
        calling it wrong would send its owner to check the phone's clock."""
        if self.wait_until is None:
            return wrong
        seconds = max(math.ceil((self.wait_until - timezone.now()).total_seconds()), 1)
        return f"Too many wrong codes. Wait {seconds} second{pluralize(seconds)}, then try again."


def verify(device: Device, code: str) -> CodeCheck:
    """Check `code` against `device`, telling a code refused within its pause from a wrong one."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(wait_until=(why or {}).get("locked_until"))
    return CodeCheck(device=device) if device.verify_token(code) else CodeCheck()


def check_code(user, typed: str) -> CodeCheck:
    """Check a code against the one device it can belong to, by its form.

    Only that device's throttle counts the attempt, so a mistyped app code never delays the use
    of a recovery code. django-otp refuses a code used before (TOTP) and deletes a recovery
    code when it is used.
    """
    code = normalise_code(typed)
    if TOTP_CODE.fullmatch(code):
        device_model, filters = TOTPDevice, {"confirmed": True}
    elif RECOVERY_CODE.fullmatch(code):
        device_model, filters = StaticDevice, {"name": RECOVERY_CODES_NAME}
    else:
        return CodeCheck()
    with transaction.atomic():
        device = device_model.objects.select_for_update().filter(user=user, **filters).first()
        if device is None:
            return CodeCheck()
        return verify(device, code)


def mark_session_verified(request, device: Device) -> None:
    """Record in the session which factor verified it (django-otp's request.user.is_verified())."""
    otp_login(request, device)
