"""The lockout with known browsers (OWASP's device cookies), on top of accounts.lockout.

A browser carrying the device cookie of the account it signs in to is judged by its own
failures only: neither a stranger's guesses for that username, nor failures from its address,
nor anything else can pause it. Every other attempt meets the (username, IP) and IP-wide limits
of accounts.lockout and, beside them, the username's limit across all addresses
(throttle.counters). A paused attempt is refused by axes' backend before any password is hashed.
"""

from datetime import timedelta

from axes.helpers import get_client_username
from django.http import HttpRequest

from accounts.lockout import LOCKED, PairAndAddressHandler, progress
from usersessions.devices import known_device

from . import counters
from .context import KNOWN_BROWSER_ATTRIBUTE

# Set on the request by get_failures: the browser's own failures when it is a known one, and
# otherwise the progress of the (pair, address) counters and of the username's.
KNOWN_FAILURES_ATTRIBUTE = "known_browser_failures"
UNKNOWN_PROGRESS_ATTRIBUTE = "unknown_browser_lockout_progress"


def browser_of(request: HttpRequest, username: str | None) -> str:
    """The device id under which this attempt counts: the account's known browser, or none."""
    device = known_device(request, username)
    return device.device_id if device is not None else counters.UNKNOWN_BROWSER


class KnownBrowserHandler(PairAndAddressHandler):
    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        browser = browser_of(request, username)
        # The password gate gives a known browser's check the slot kept for them.
        setattr(request, KNOWN_BROWSER_ATTRIBUTE, bool(browser))
        if browser:
            own = counters.failures(username, browser)
            setattr(request, KNOWN_FAILURES_ATTRIBUTE, own)
            return progress(own, counters.limit(browser))
        pair_and_address = super().get_failures(request, credentials)
        unknown = 0
        if username:
            unknown = progress(
                counters.failures(username, counters.UNKNOWN_BROWSER),
                counters.limit(counters.UNKNOWN_BROWSER),
            )
        # lockout_remaining reads which counters are at their limit from here, not again.
        setattr(request, UNKNOWN_PROGRESS_ATTRIBUTE, (pair_and_address, unknown))
        return max(pair_and_address, unknown)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        # Counted before axes' handler asks get_failures whether this failure locks: the tenth
        # wrong password is itself answered with the paused page. An attempt refused during a
        # lockout checked nothing and counts for nothing.
        if request is not None and not getattr(request, "axes_locked_out", False):
            username = get_client_username(request, credentials)
            if username:
                counters.record(username, browser_of(request, username))
        super().user_login_failed(sender, credentials, request, **kwargs)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A known browser's success clears its own count; the username's count of unknown
        browsers stays, or signing in on a laptop would hand a stranger ten more guesses."""
        if getattr(request, KNOWN_FAILURES_ATTRIBUTE, None) is not None:
            if getattr(request, KNOWN_FAILURES_ATTRIBUTE):
                username = get_client_username(request, credentials)
                counters.forget(username, browser_of(request, username))
            return 0
        return super().reset_user_attempts(request, credentials)

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        """axes_reset, axes_reset_username: ours are cleared with axes' records (and not
        counted in the number the command prints, which is axes')."""
        if username is not None or ip_address is None:
            counters.forget(username)
        return super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )

    def lockout_remaining(self, request: HttpRequest, credentials: dict | None = None) -> timedelta:
        """The longest wait among the counters that are at their limit."""
        username = get_client_username(request, credentials)
        browser = browser_of(request, username)
        if browser:
            return counters.remaining(username, browser)
        pair_and_address, unknown = getattr(request, UNKNOWN_PROGRESS_ATTRIBUTE, None) or (
            super().get_failures(request, credentials),
            LOCKED,
        )
        waits = [timedelta(0)]
        if pair_and_address >= LOCKED:
            waits.append(super().lockout_remaining(request, credentials))
        if username and unknown >= LOCKED:
            waits.append(counters.remaining(username, counters.UNKNOWN_BROWSER))
        return max(waits)
