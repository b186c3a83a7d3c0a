"""An e-mail change that waits for its owner to follow the link sent to the new address."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

EMAIL_MAX_LENGTH = 254


class PendingEmail(models.Model):
    """At most one per account: asking again replaces it, so only the newest link works.

    The e-mailed link names this row (profiles/email_change.py), and the row is deleted when
    the link is used, so a link works once. It keeps the address it was asked from: once the
    account's address is no longer that one, the request is out of date.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_email"
    )
    new_email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    old_email = models.EmailField(max_length=EMAIL_MAX_LENGTH, blank=True)
    asked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} → {self.new_email}"

    @property
    def expires_at(self):
        return self.asked_at + timedelta(days=settings.TGDB_EMAIL_CONFIRM_DAYS)

    def is_current(self) -> bool:
        """Not expired, and asked from the address the account still has."""
        return timezone.now() < self.expires_at and self.old_email == self.user.email
