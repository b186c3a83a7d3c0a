"""How many passwords a worker process checks at once, and at what CPU priority.

A password check is a deliberately slow Argon2 hash. Left alone, a storm of guesses would put
every core to hashing and readers would queue behind it. So each worker process lets
TGDB_PASSWORD_CHECKS_PER_WORKER checks run at once for browsers the account does not know,
each hashed in a process of its own at a lower CPU priority than the pages
(throttle/hashing_process.py); the rest wait up to TGDB_PASSWORD_CHECK_WAIT_SECONDS and then
get a 503 with Retry-After (`PasswordChecksBusy`). All but THREADS_NEVER_WAITING of the
worker's threads may wait, so pages always have threads, and a waiting thread holds no database
connection. One more slot is kept for known browsers (usersessions' device cookie) and
signed-in people confirming it is them: their checks run at once whatever a storm is doing,
and two a second run above the priority of pages (throttle/priority.py).
"""

import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from django.conf import settings
from django.db import connections

from .priority import Lane
from .turns import stepped_aside

T = TypeVar("T")
# How long a known browser may wait for a slot: only other known browsers hold its own.
KNOWN_WAIT_SECONDS = 30
# Threads of a worker that never wait for a password check: enough for pages (which take one
# core of Python per worker anyway) and a known browser's sign-in. The rest may all wait: the
# attackers' connections do not spread evenly over the workers, and an attempt that cannot wait
# is answered at once and comes straight back, costing CPU instead of time.
THREADS_NEVER_WAITING = 4
# A known browser's check runs above the pages' priority at most this often per worker.
PRIORITY_EVERY_SECONDS = 0.5


class PasswordChecksBusy(Exception):
    """Every slot for this kind of password check stayed taken while the request waited."""


@dataclass
class Gate:
    open_slots: int
    known_slots: int
    most_waiting: int
    wait_seconds: float
    _open: threading.BoundedSemaphore = field(init=False)
    _known: threading.BoundedSemaphore = field(init=False)
    _waiting: int = field(init=False, default=0)
    _count_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _known_lane: Lane = field(init=False)
    _last_priority_start: float = field(init=False, default=-PRIORITY_EVERY_SECONDS)

    def __post_init__(self) -> None:
        self._open = threading.BoundedSemaphore(self.open_slots)
        self._known = threading.BoundedSemaphore(self.known_slots)
        # One check at a time above the pages' priority (see _takes_priority).
        self._known_lane = Lane(1, "known-password-check")

    def close(self) -> None:
        self._known_lane.close()

    @property
    def waiting(self) -> int:
        """How many checks are waiting for a slot now."""
        return self._waiting

    def is_full_for_unknown_browsers(self) -> bool:
        """Whether an unknown browser's check would be refused at once now: as many wait as
        may (so every slot is taken)."""
        return self._waiting >= self.most_waiting

    def check(self, work: Callable[[], T], *, known: bool) -> T:
        """Run `work` (one password check) in a slot of its kind; raise PasswordChecksBusy if
        none comes free in time. An unknown browser's `work` runs in the calling thread: it
        hands the hash to a hashing process and waits. The request steps aside meanwhile
        (throttle/turns.py): the hash needs none of the worker's Python."""
        with stepped_aside():
            return self._check(work, known=known)

    def _check(self, work: Callable[[], T], *, known: bool) -> T:
        if known:
            return self._known_check(work)
        if not self._open.acquire(blocking=False) and not self._wait_for(self._open):
            raise PasswordChecksBusy
        try:
            return work()
        finally:
            self._open.release()

    def _known_check(self, work: Callable[[], T]) -> T:
        for slot in (self._known, self._open):
            if slot.acquire(blocking=False):
                break
        else:
            slot = self._known
            if not slot.acquire(timeout=KNOWN_WAIT_SECONDS):
                raise PasswordChecksBusy
        try:
            if self._takes_priority():
                return self._known_lane.run(work)
            return work()  # in the request's thread, at the pages' priority
        finally:
            slot.release()

    def _takes_priority(self) -> bool:
        """Whether this known browser's check may run above the pages: two a second at most
        in this worker. Anyone can make a browser known to an account of their own, so a
        flood of "known" checks is not let past the pages; an author signing in is."""
        with self._count_lock:
            now = time.monotonic()
            if now - self._last_priority_start < PRIORITY_EVERY_SECONDS:
                return False
            self._last_priority_start = now
            return True

    def _wait_for(self, slot: threading.BoundedSemaphore) -> bool:
        with self._count_lock:
            if self.is_full_for_unknown_browsers():
                return False
            self._waiting += 1
        try:
            _hand_back_database_connections()
            # Each waits its own while, so that attempts which came in one burst are not all
            # turned away in one burst: that would hold the pages up for as long.
            return slot.acquire(timeout=self.wait_seconds * random.uniform(0.5, 1.0))  # noqa: S311
        finally:
            with self._count_lock:
                self._waiting -= 1


def _hand_back_database_connections() -> None:
    """A thread that only waits needs no database connection: close it (outside a transaction
    only; the next query opens one again), so waiting threads do not use up the database's."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


@cache
def gate() -> Gate:
    """This process's gate. gunicorn makes it in each worker's main thread as the worker starts
    (deploy/gunicorn.conf.py), so that its known-browser threads keep the worker's priority."""
    return Gate(
        open_slots=settings.TGDB_PASSWORD_CHECKS_PER_WORKER,
        known_slots=1,
        most_waiting=max(1, settings.TGDB_THREADS - THREADS_NEVER_WAITING),
        wait_seconds=settings.TGDB_PASSWORD_CHECK_WAIT_SECONDS,
    )


# A process forked after its first check (a test server, a preloading master) starts afresh:
# the threads of the lanes are not copied into the child.
os.register_at_fork(after_in_child=gate.cache_clear)
