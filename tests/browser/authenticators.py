"""Second factors as a browser test holds them: Chromium's virtual passkey authenticator, and an
authenticator app whose codes django-otp itself computes from the key the page shows."""

import base64
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django_otp.oath import TOTP
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import CDPSession, expect

# A passkey kept on the device itself (like a laptop's or a phone's), discoverable so it signs in
# without a username, verifying its user (fingerprint, PIN) and answering without a touch.
PLATFORM_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}
# A security key on USB (a YubiKey, say): a device of its own, with a PIN, answering a touch.
SECURITY_KEY = {**PLATFORM_AUTHENTICATOR, "transport": "usb"}

# Chromium's virtual authenticator answers a passkey autofill request (conditional mediation) at
# once with its first passkey, so a sign-in page would sign in before its button is ever clicked;
# and a click that cancels a pending autofill request makes django-otp-webauthn log an error.
# Without the feature, a page behaves as in a browser that has no passkey autofill (simplewebauthn
# asks for PublicKeyCredential.isConditionalMediationAvailable): only the button starts a
# ceremony. The property is shadowed, not deleted: Credential's own would be inherited.
NO_PASSKEY_AUTOFILL = """
if (window.PublicKeyCredential) {
  Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", {
    value: undefined,
    configurable: true,
  });
}
"""


def passkey_site(live_server_url: str) -> str:
    """The live server by the relying party's host name: on an IP address passkeys are refused,
    and the pages offer an explanation instead of a button."""
    address = urlsplit(live_server_url)
    return f"{address.scheme}://{settings.TGDB_WEBAUTHN_RP_ID}:{address.port}"


@dataclass
class VirtualAuthenticator:
    cdp: CDPSession
    authenticator_id: str

    def passkeys(self) -> list[dict]:
        """The credentials the device holds, whatever the site thinks of them."""
        answer = self.cdp.send(
            "WebAuthn.getCredentials", {"authenticatorId": self.authenticator_id}
        )
        return answer["credentials"]


def add_virtual_authenticator(page, options=PLATFORM_AUTHENTICATOR) -> VirtualAuthenticator:
    """Give the page's browser tab a passkey device, with no dialog to click through."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return VirtualAuthenticator(cdp=cdp, authenticator_id=added["authenticatorId"])


def offer_no_passkey_autofill(page) -> None:
    """From the next page on, sign-in pages offer passkeys through their button only."""
    page.context.add_init_script(NO_PASSKEY_AUTOFILL)


def add_first_passkey(page, site: str, user) -> WebAuthnCredential:
    """Add a passkey on the security page of a signed-in account that has no second factor yet,
    pass the recovery codes made with it, and land on the passkey's own page."""
    page.goto(f"{site}/cadmin/security/")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page).to_have_url(re.compile(re.escape(f"{site}/cadmin/security/recovery-codes/?next=")))
    passkey = WebAuthnCredential.objects.get(user=user)
    page.get_by_role("link", name="I have saved them").click()
    expect(page).to_have_url(f"{site}/cadmin/security/passkeys/{passkey.pk}/")
    return passkey


def sign_out(page, site: str) -> None:
    """With the dashboard's Logout button (a POST), as a person would."""
    page.goto(f"{site}/cadmin/")
    page.get_by_role("button", name="Logout", exact=True).click()
    expect(page).to_have_url(f"{site}/cadmin/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are signed out")


class AuthenticatorApp:
    """An authenticator app given the key a page shows as text; its codes come from django-otp.

    The app's clock stands still at the moment the key was added and moves only when told to: a
    test then knows exactly which 30-second step each code belongs to, and never sleeps.
    """

    def __init__(self, shown_key: str) -> None:
        self.totp = TOTP(base64.b32decode(shown_key.replace(" ", "")))
        self.totp.time = time.time()

    def code(self) -> str:
        return f"{self.totp.token():0{self.totp.digits}d}"

    def next_code(self) -> str:
        """The code the app shows one 30-second step later, without waiting for it.

        django-otp accepts a code of one step either side of the server's own
        (TOTPDevice.tolerance = 1), but never one of a step at or before the last it accepted,
        so the code that turned the app on cannot be used again. The next step's code is new,
        and it is within the tolerance from the moment the previous one was accepted until a
        minute later, on whichever side of a step boundary either code reaches the server.
        """
        self.totp.time += self.totp.step
        return self.code()
