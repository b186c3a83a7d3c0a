"""Where each account is signed in, and the browsers it has signed in from."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import USER_AGENT_MAX_LENGTH, AccountEvent


class KnownDevice(models.Model):
    """A browser an account has signed in from, recognised by its device cookie."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="known_devices"
    )
    device_id = models.CharField(max_length=32)  # random; carried in a signed cookie
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "device_id"], name="one_device_per_account")
        ]

    def __str__(self) -> str:
        return f"Browser {self.device_id[:8]} of {self.user}"


class UserSession(models.Model):
    """One signed-in session, kept by the sign-in and sign-out signals.

    The session itself stays in Django's session store; this row says what people need to
    recognise it. The list shows a row only while its session is alive (see records.active).
    """

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    device = models.ForeignKey(KnownDevice, null=True, blank=True, on_delete=models.SET_NULL)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=USER_AGENT_MAX_LENGTH, blank=True)
    door = models.CharField(max_length=10, choices=AccountEvent.Door.choices)
    signed_in_at = models.DateTimeField(default=timezone.now)
    last_active_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "-last_active_at"], name="session_user_recent")]

    def __str__(self) -> str:
        return f"Session of {self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"


class SignInNotice(models.Model):
    """A new-device e-mail, whose "This wasn't me" link works once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    session_key = models.CharField(max_length=40)
    device = models.ForeignKey(KnownDevice, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"New-device notice to {self.user} at {self.created_at:%Y-%m-%d %H:%M}"
