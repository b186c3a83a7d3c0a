"""The gate's "Sign-in is busy" answers in the log: one line a minute per worker, not one each.

Django logs every 5xx answer at ERROR (`django.request`). In a storm the gate gives hundreds of
503s a second: the defence working, not a fault, and one line each would bury every other line.
So each worker counts them and writes one WARNING at most every EVERY_SECONDS, with the count
since its previous line: a busy answer that comes a minute or more after that line writes the
next one at once, so a storm's first answer is in the log as it happens.
"""

import logging
import os
import threading
import time
from functools import cache

from django.http import HttpResponse

logger = logging.getLogger(__name__)
EVERY_SECONDS = 60


class BusyLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # the worker's request threads all count here
        self._unlogged = 0
        self._last_line_at: float | None = None

    def answered(self) -> None:
        """Count one busy answer, and write the line if none was written in the last minute."""
        # The clock's time, not a monotonic one: a minute of the log is a minute of its clock.
        now = time.time()
        with self._lock:
            self._unlogged += 1
            last = self._last_line_at
            if last is not None and now - last < EVERY_SECONDS:
                return
            count, self._unlogged, self._last_line_at = self._unlogged, 0, now
        # No line yet in this worker: none of its answers before this one was busy.
        seconds = EVERY_SECONDS if last is None else now - last
        attempts = "attempt" if count == 1 else "attempts"
        logger.warning(
            "Sign-in busy: %d %s answered 503 in the last %d s", count, attempts, seconds
        )


@cache
def busy_log() -> BusyLog:
    """This worker process's count."""
    return BusyLog()


# A forked process counts its own answers, with a lock no thread of its parent can hold.
os.register_at_fork(after_in_child=busy_log.cache_clear)


def log_busy(response: HttpResponse) -> None:
    """Count `response`, a busy 503, in this worker's line instead of a line of its own."""
    response._has_been_logged = True  # django.utils.log.log_response skips it
    busy_log().answered()
