"""Brute-force lockout with django-axes, tuned so an attacker cannot lock a real user out.

Two counters run side by side for the cool-off window (TGDB_LOCKOUT_MINUTES):
- the pair (username, IP) locks after TGDB_LOCKOUT_USER_FAILURES failures, so guessing one
  account's password from one address stops quickly while its owner can still sign in from
  anywhere else;
- the IP alone locks after TGDB_LOCKOUT_IP_FAILURES failures, so one address cannot spray
  guesses across many accounts.
Axes compares a single failure count with a single limit, so the handler reports each counter's
progress toward its own limit (`progress`) and axes sees the furthest one: any counter reaching
its limit reaches `failure_limit`. The throttle app adds counters of its own the same way.
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .backends import user_for_login
from .pauses import paused_response

LOCKOUT_TEMPLATE = "429.html"
# What a counter at its limit reports to axes: progress is in percent of the nearest limit.
LOCKED = 100


def failure_limit(request: HttpRequest, credentials: dict | None) -> int:
    return LOCKED


def progress(count: int, limit: int) -> int:
    """`count` failures toward `limit`, in the units of failure_limit(): LOCKED exactly when
    count reaches limit (integer division keeps count = limit - 1 below it)."""
    return count * LOCKED // max(limit, 1)


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a sign-in attempt is aimed at, however it was typed.

    Signing in by e-mail must count against the same pair as the username, or an attacker
    would get twice the guesses by alternating the two.
    """
    typed = (credentials or {}).get("username") or request.POST.get("username")
    if not typed:
        return typed
    user = user_for_login(request, typed)
    return user.get_username() if user else typed.lower()


class PairAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with separate limits for the (username, IP) pair and the IP."""

    def _recent(self, request: HttpRequest):
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        cool_off = get_cool_off(request)
        if cool_off:
            attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
        return attempts

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        # Both counters in one query: this runs on every sign-in attempt.
        totals = self._recent(request).aggregate(
            address=Sum("failures_since_start"),
            pair=Sum("failures_since_start", filter=Q(username=username)),
        )
        pair = (totals["pair"] or 0) if username else 0
        address = totals["address"] or 0
        request.lockout_pair_failures = pair
        return max(
            progress(pair, settings.TGDB_LOCKOUT_USER_FAILURES),
            progress(address, settings.TGDB_LOCKOUT_IP_FAILURES),
        )

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A successful sign-in clears that pair only: the address keeps its count, or an
        attacker could sign in to their own account to wipe the record of their guessing."""
        if getattr(request, "lockout_pair_failures", None) == 0:
            # This sign-in's own check found nothing to clear: spare every first-try sign-in a
            # lookup and a transaction. A failure that lands in between stays counted, which
            # errs on the safe side.
            return 0
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count

    def lockout_remaining(self, request: HttpRequest, credentials: dict | None = None) -> timedelta:
        cool_off = get_cool_off(request) or timedelta(0)
        latest = self._recent(request).aggregate(latest=Max("attempt_time"))["latest"]
        if latest is None:
            return cool_off
        return max(latest + cool_off - timezone.now(), timedelta(0))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """429 with how long sign-in is paused; the same page whether the password was right."""
    remaining = AxesProxyHandler.get_implementation().lockout_remaining(request, credentials)
    return paused_response(request, LOCKOUT_TEMPLATE, remaining)
