"""Failed sign-ins kept for the lockout's counters that outlive axes' own records."""

from django.db import models
from django.utils import timezone

# As long as axes' own username field: whatever was typed, cut to fit.
USERNAME_MAX_LENGTH = 255


class SignInFailure(models.Model):
    """One wrong password (or code) for a username: from a browser the account knows
    (`device_id`, its device cookie) or from any other ("")."""

    username = models.CharField(max_length=USERNAME_MAX_LENGTH)
    device_id = models.CharField(max_length=32, blank=True)
    failed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["username", "device_id", "failed_at"], name="failure_counter"),
            models.Index(fields=["failed_at"], name="failure_age"),  # the sweep of old ones
        ]

    def __str__(self) -> str:
        source = "a known browser" if self.device_id else "an unknown browser"
        return f"Failed sign-in as {self.username} from {source} at {self.failed_at:%H:%M:%S}"
