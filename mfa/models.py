"""What second factors need beyond django-otp's and django-otp-webauthn's own devices."""

import secrets

from django.conf import settings
from django.db import models


def new_trust_key() -> str:
    return secrets.token_hex(16)


class TrustKey(models.Model):
    """Per account, the key every trusted-browser cookie of theirs is bound to (mfa/trust.py);
    a new key ends trust in every browser at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="browser_trust_key",
    )
    key = models.CharField(max_length=32, default=new_trust_key)
    replaced_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Trusted-browser key of {self.user}"
