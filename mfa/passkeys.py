"""Passkeys with django-otp-webauthn: adding one, and using one to sign in, as a second step,
or to confirm it is you.

The package's JSON views and its CSP-friendly scripts do the WebAuthn ceremonies; the
subclasses here decide what a verified passkey means at that moment:
- a signed-in user is confirming it is them;
- a half-way visitor (right password, mfa.pending) is passing the second step, and only a
  passkey of that account will do;
- anyone else is signing in without a password.
"""

import json
import logging
from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.http.request import split_domain_port
from django.shortcuts import resolve_url
from django.urls import reverse
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from accounts.audit import DOOR_ATTRIBUTE, Door, Kind, record
from accounts.redirects import REDIRECT_FIELD_NAME, safe_next_url, with_next

from . import changes, confirm, pending, policy, second_step
from .sign_in import sign_in

logger = logging.getLogger(__name__)
# Where a password-free sign-in lands, per door (the page's own default).
DOOR_LANDINGS = {Door.BLOG: "admin_page", Door.CADMIN: "home"}


def host_name(request: HttpRequest) -> str:
    return split_domain_port(request.get_host())[0]


def passkeys_available(request: HttpRequest) -> bool:
    """Passkeys belong to a host name: the relying party id or a subdomain of it, never an IP."""
    rp_id, host = settings.TGDB_WEBAUTHN_RP_ID, host_name(request)
    try:
        ip_address(host.strip("[]"))
    except ValueError:
        return bool(rp_id) and (host == rp_id or host.endswith(f".{rp_id}"))
    return False


def address_for_passkeys(request: HttpRequest) -> str:
    """This page at the address where passkeys work, for the message shown in their place."""
    port = split_domain_port(request.get_host())[1]
    host = settings.TGDB_WEBAUTHN_RP_ID + (f":{port}" if port else "")
    return f"{request.scheme}://{host}{request.path}"


def passkey_context(request: HttpRequest, offered: bool) -> dict:
    """What a page with a passkey button needs to draw it, or to say why it cannot."""
    return {
        "passkeys_offered": offered,
        "passkeys_available": passkeys_available(request),
        "passkeys_address": address_for_passkeys(request),
    }


class SiteWebAuthnHelper(WebAuthnHelper):
    """The relying party is TGDB_WEBAUTHN_RP_ID (OTP_WEBAUTHN_RP_ID); the origins are the
    configured ones and the page's own, when its host name belongs to the relying party.

    The page's origin is built from the request's host, which Django has checked against
    ALLOWED_HOSTS, so development and test servers on any port work, while an assertion made
    on another site is refused: the browser signs the origin it was really used on.
    """

    def get_allowed_origins(self) -> list[str]:
        origins = list(super().get_allowed_origins())
        if passkeys_available(self.request):
            origins.append(f"{self.request.scheme}://{self.request.get_host()}")
        return origins


class PasskeysUnavailable(exceptions.OTPWebAuthnApiError):
    status_code = 400
    default_code = "passkeys_unavailable"
    default_detail = "Passkeys need this site's name in the address bar, not an IP address."


class ConfirmFirst(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "confirm_first"
    default_detail = "Confirm it is you first: reload this page."


class SturdyApiMixin:
    """Whatever arrives, the answer is JSON with a message and a 4xx, never a 500."""

    def _parse_request_data(self, request):
        data = super()._parse_request_data(request)
        if not hasattr(data, "get"):
            raise exceptions.MalformedRequest()
        return data

    def handle_exception(self, exc):
        if isinstance(exc, TypeError | ValueError | KeyError | AttributeError | OverflowError):
            # Forged or mangled ceremony data that py_webauthn did not name: still bad input.
            logger.info("Refused malformed WebAuthn data: %r", exc)
            exc = exceptions.MalformedRequest(detail="The passkey's answer could not be read.")
        return super().handle_exception(exc)


class AuthenticationMixin(SturdyApiMixin):
    """Whose passkey may answer: the signed-in user's, the half-way account's, or anyone's."""

    _who = None

    def who(self):
        if self._who is None:
            if self.request.user.is_authenticated:
                self._who = (None, self.request.user)
            else:
                self._who = pending.load(self.request)
        return self._who

    def get_user(self):
        return self.who()[1]

    def check_can_authenticate(self):
        if not passkeys_available(self.request):
            raise PasskeysUnavailable()
        super().check_can_authenticate()


class BeginAuthenticationView(
    AuthenticationMixin, webauthn_views.BeginCredentialAuthenticationView
):
    pass


class CompleteAuthenticationView(
    AuthenticationMixin, webauthn_views.CompleteCredentialAuthenticationView
):
    success_url = ""

    def handle_exception(self, exc):
        half_way, user = self.who() if hasattr(self, "request") else (None, None)
        if half_way is not None and isinstance(exc, exceptions.OTPWebAuthnApiError):
            # A passkey that failed at the second step is a wrong answer like a wrong code.
            second_step.failed(self.request, half_way, user, "Passkey refused")
        return super().handle_exception(exc)

    def complete_auth(self, device) -> None:
        request = self.request
        half_way, user = self.who()
        detail = second_step.describe(device)
        if request.user.is_authenticated:
            setattr(request, DOOR_ATTRIBUTE, Door.CADMIN)  # confirming is a dashboard page
            confirm.mark_confirmed(request)
            record(request, Kind.CONFIRMED, user=request.user, detail=detail)
            self.success_url = self.requested_next() or reverse("security")
        elif half_way is not None:
            second_step.passed(request, half_way, user, device, detail)
            self.success_url = half_way.next_url
        else:
            door = self.door()
            sign_in(
                request,
                device.user,
                remember_me=False,
                device=device,
                kind=Kind.PASSKEY_SIGNED_IN,
                door=door,
            )
            self.success_url = self.requested_next() or resolve_url(DOOR_LANDINGS[door])

    def door(self) -> str:
        door = self.request.GET.get("door")
        return door if door in DOOR_LANDINGS else Door.CADMIN

    def requested_next(self) -> str | None:
        return safe_next_url(self.request, self.request.GET.get(REDIRECT_FIELD_NAME))

    def get_success_url(self) -> str:
        return self.success_url


class RegistrationMixin(SturdyApiMixin):
    def _check_user_verified(self, user) -> None:
        """Replaced by check_can_register: adding a passkey needs a sign-in or a confirmation
        in the last minutes, by any factor, which is stricter than a once-verified session."""

    def check_can_register(self):
        if not passkeys_available(self.request):
            raise PasskeysUnavailable()
        if not confirm.recently_confirmed(self.request):
            raise ConfirmFirst()


class BeginRegistrationView(RegistrationMixin, webauthn_views.BeginCredentialRegistrationView):
    pass


class CompleteRegistrationView(
    RegistrationMixin, webauthn_views.CompleteCredentialRegistrationView
):
    def post(self, *args, **kwargs):
        setattr(self.request, DOOR_ATTRIBUTE, Door.CADMIN)  # added on the security page
        response = super().post(*args, **kwargs)
        device = WebAuthnCredential.objects.get(
            pk=json.loads(response.content)["id"], user=self.request.user
        )
        device.name = f"Passkey {WebAuthnCredential.objects.filter(user=device.user).count()}"
        device.save(update_fields=["name"])
        made_codes = changes.factor_added(
            self.request, device, device.name, "A passkey was added to your account."
        )
        # Name it next, or first see the recovery codes made with this first factor; then on
        # to the page a required set-up interrupted, if any.
        next_url = with_next(
            reverse("passkey", args=[device.pk]), policy.continue_after_set_up(self.request)
        )
        if made_codes:
            next_url = with_next(reverse("recovery_codes"), next_url)
        return JsonResponse({"id": device.pk, "redirect_url": next_url})
