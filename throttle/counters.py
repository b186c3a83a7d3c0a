"""The lockout's counters of failed sign-ins per username, kept beside axes' own.

OWASP's "device cookies" defence: a browser that has signed in to an account before carries
that account's device cookie (usersessions.devices). Failures from every other browser count per
username across all addresses, TGDB_LOCKOUT_USERNAME_FAILURES in TGDB_LOCKOUT_USERNAME_MINUTES,
so rotating addresses buys no extra guesses; each known browser counts on its own,
TGDB_LOCKOUT_KNOWN_BROWSER_FAILURES in TGDB_LOCKOUT_MINUTES, so strangers never lock it out.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import USERNAME_MAX_LENGTH, SignInFailure

UNKNOWN_BROWSER = ""  # the device_id of a failure from a browser the account does not know


def window(device_id: str) -> timedelta:
    if device_id:
        return timedelta(minutes=settings.TGDB_LOCKOUT_MINUTES)
    return timedelta(minutes=settings.TGDB_LOCKOUT_USERNAME_MINUTES)


def limit(device_id: str) -> int:
    if device_id:
        return settings.TGDB_LOCKOUT_KNOWN_BROWSER_FAILURES
    return settings.TGDB_LOCKOUT_USERNAME_FAILURES


def _recent(username: str, device_id: str) -> QuerySet[SignInFailure]:
    return SignInFailure.objects.filter(
        username=username[:USERNAME_MAX_LENGTH],
        device_id=device_id,
        failed_at__gte=timezone.now() - window(device_id),
    )


def failures(username: str, device_id: str) -> int:
    return _recent(username, device_id).count()


def record(username: str, device_id: str) -> None:
    now = timezone.now()
    SignInFailure.objects.create(
        username=username[:USERNAME_MAX_LENGTH], device_id=device_id, failed_at=now
    )
    # Failures past every window count for nothing: sweep them (an index range, mostly empty).
    oldest_counted = now - max(window(""), window("known"))
    SignInFailure.objects.filter(failed_at__lt=oldest_counted).delete()


def remaining(username: str, device_id: str) -> timedelta:
    """How long until this counter is below its limit again: until the limit-th newest
    failure leaves the window."""
    newest = _recent(username, device_id).order_by("-failed_at").values_list("failed_at")
    counted = list(newest[limit(device_id) - 1 : limit(device_id)])
    if not counted:
        return timedelta(0)
    return max(counted[0][0] + window(device_id) - timezone.now(), timedelta(0))


def forget(username: str | None = None, device_id: str | None = None) -> None:
    """Clear counted failures: of one username (and one browser), or all of them."""
    failures = SignInFailure.objects.all()
    if username is not None:
        failures = failures.filter(username=username[:USERNAME_MAX_LENGTH])
    if device_id is not None:
        failures = failures.filter(device_id=device_id)
    failures.delete()
