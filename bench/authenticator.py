"""A software passkey for the bench: an EC P-256 key (ES256) that answers WebAuthn challenges
as a phone or a password manager would, so that password-free sign-ins can be measured.

- `Authenticator.for_user(username)`: the same key for the same account in every process that
  asks (prepare, the probes, the load), derived from the username: the bench's database is
  thrown away, and its password is a constant too;
- `store(user)`: the stored credential, written straight to the database at prepare time as a
  registration would have left it (with the account's WebAuthn user handle);
- `assertion(options, origin)`: the PublicKeyCredential JSON that the browser script posts to
  finish a sign-in, for the options the server's "begin" answered;
- `attestation(options, origin)`: the same for adding the passkey to a signed-in account (the
  tests' registration), attested "none" as the passkeys of phones and password managers are.

It keeps no signature counter (it always signs 0), like the synced passkeys of phones and
password managers, so every process may use the credential in any order.

The load sends passkey sign-ins from Python (bench/ceremonies.py), not from wrk: its Lua has no
ECDSA to sign a fresh challenge with.
"""

import hashlib
import json
from base64 import urlsafe_b64encode

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import encode_cbor
from webauthn.helpers.cose import COSECRV, COSEKTY, COSEAlgorithmIdentifier, COSEKey

# Authenticator data flags: UP, UV, and AT (a new key follows, when a passkey is made).
USER_PRESENT, USER_VERIFIED, KEY_ATTACHED = 0x01, 0x04, 0x40
SIGN_COUNT = 0
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
NO_AAGUID = "00000000-0000-0000-0000-000000000000"


def b64url(data: bytes) -> str:
    """base64url without padding, as WebAuthn's JSON carries bytes."""
    return urlsafe_b64encode(data).rstrip(b"=").decode()


class Authenticator:
    def __init__(self, seed: bytes) -> None:
        secret = int.from_bytes(hashlib.sha256(b"private key:" + seed).digest(), "big")
        self.key = ec.derive_private_key(secret % (P256_ORDER - 1) + 1, ec.SECP256R1())
        self.credential_id = hashlib.sha256(b"credential id:" + seed).digest()
        # 64 bytes, as django-otp-webauthn makes them (WebAuthnUserHandle).
        self.user_handle = hashlib.sha512(b"user handle:" + seed).digest()

    @classmethod
    def for_user(cls, username: str) -> "Authenticator":
        return cls(username.encode())

    def cose_public_key(self) -> bytes:
        """The public key as a COSE_Key (EC2, P-256, ES256), the form a credential stores."""
        point = self.key.public_key().public_numbers()
        return encode_cbor(
            {
                COSEKey.KTY: COSEKTY.EC2,
                COSEKey.ALG: COSEAlgorithmIdentifier.ECDSA_SHA_256,
                COSEKey.CRV: COSECRV.P256,
                COSEKey.X: point.x.to_bytes(32, "big"),
                COSEKey.Y: point.y.to_bytes(32, "big"),
            }
        )

    def store(self, user):
        """The account's confirmed, discoverable passkey, in the database (inside Django)."""
        from django_otp_webauthn.models import WebAuthnCredential, WebAuthnUserHandle

        WebAuthnUserHandle.objects.create(user=user, handle_hex=self.user_handle.hex())
        return WebAuthnCredential.objects.create(
            user=user,
            name="Bench passkey",
            credential_id=self.credential_id,
            public_key=self.cose_public_key(),
            sign_count=SIGN_COUNT,
            transports=["internal"],
            aaguid=NO_AAGUID,
            confirmed=True,
            discoverable=True,
        )

    def assertion(self, options: dict, origin: str) -> dict:
        """Sign the challenge of `options` (the JSON of "begin") for a page at `origin`."""
        allowed = [credential["id"] for credential in options.get("allowCredentials") or []]
        if allowed and b64url(self.credential_id) not in allowed:
            raise ValueError("the server asked for another passkey")
        client_data = _client_data("webauthn.get", options, origin)
        authenticator_data = _authenticator_data(options["rpId"], USER_PRESENT | USER_VERIFIED)
        signed = authenticator_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))  # DER, as WebAuthn wants
        return self._credential(
            {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(authenticator_data),
                "signature": b64url(signature),
                "userHandle": b64url(self.user_handle),
            }
        )

    def attestation(self, options: dict, origin: str) -> dict:
        """Make this passkey for the options of registration's "begin", on a page at `origin`."""
        attested_key = (
            bytes(16)  # no AAGUID
            + len(self.credential_id).to_bytes(2, "big")
            + self.credential_id
            + self.cose_public_key()
        )
        flags = USER_PRESENT | USER_VERIFIED | KEY_ATTACHED
        attestation_object = encode_cbor(
            {
                "fmt": "none",
                "attStmt": {},
                "authData": _authenticator_data(options["rp"]["id"], flags) + attested_key,
            }
        )
        return self._credential(
            {
                "clientDataJSON": b64url(_client_data("webauthn.create", options, origin)),
                "attestationObject": b64url(attestation_object),
                "transports": ["internal"],
            },
            extensions={"credProps": {"rk": True}},  # a discoverable passkey
        )

    def _credential(self, response: dict, extensions: dict | None = None) -> dict:
        """The PublicKeyCredential JSON around an authenticator's `response`."""
        credential_id = b64url(self.credential_id)
        return {
            "id": credential_id,
            "rawId": credential_id,
            "type": "public-key",
            "response": response,
            "clientExtensionResults": extensions or {},
            "authenticatorAttachment": "platform",
        }


def _client_data(kind: str, options: dict, origin: str) -> bytes:
    return json.dumps(
        {"type": kind, "challenge": options["challenge"], "origin": origin, "crossOrigin": False},
        separators=(",", ":"),
    ).encode()


def _authenticator_data(rp_id: str, flags: int) -> bytes:
    return hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + SIGN_COUNT.to_bytes(4, "big")
