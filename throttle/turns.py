"""Requests take turns at a worker's Python, in the order they came.

A gunicorn worker serves each request in a thread of its own, and Python runs one thread at a
time (the GIL). Left to themselves, the threads pass the GIL on in no particular order: a
request that gave it up to read a file or write to its socket may wait behind every request
that came after it, again and again. Measured on the cached post list (16 connections, two
workers, recycling off): p50 7 ms, p99 48 ms. When a worker is replaced and the one left holds
every connection for a while, its slowest requests waited a second (README, "Deploying").

So a request runs its view only in its turn: TGDB_REQUESTS_AT_ONCE_PER_WORKER at once (one by
default), the others waiting in line, first come first served. The same load then gives p50
7 ms, p99 20 ms, and more pages a second. A request steps aside while it waits for something
that takes long and needs no Python of this worker (a password check's slot and its hash,
throttle/gate.py), and takes a turn again after. A request that holds its turn and waits for
something else (the database's lock, say) holds up the line for TGDB_TURN_WAIT_SECONDS at most:
past it, the next request goes ahead beside it, as every thread would without turns.
"""

import os
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.conf import settings

_holding = threading.local()


class Turns:
    """A first-come-first-served semaphore: `size` holders at once; a turn that comes free is
    handed to the request that has waited longest."""

    def __init__(self, size: int, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        self._lock = threading.Lock()
        self._free = size
        self._line: deque[threading.Lock] = deque()

    @property
    def waiting(self) -> int:
        """How many requests wait in line now."""
        return len(self._line)

    def take(self) -> bool:
        """Wait for a turn, at most `wait_seconds`; whether this thread got one (False: it goes
        ahead without)."""
        with self._lock:
            if self._free and not self._line:
                self._free -= 1
                return True
            handed = threading.Lock()
            handed.acquire()
            self._line.append(handed)
        if handed.acquire(timeout=self.wait_seconds):
            return True
        with self._lock:
            if handed in self._line:
                self._line.remove(handed)
                return False
        return True  # handed over between the timeout and the lock

    def give_back(self) -> None:
        with self._lock:
            if self._line:
                self._line.popleft().release()  # straight to the next in line
            else:
                self._free += 1

    @contextmanager
    def turn(self) -> Iterator[None]:
        """This thread's code in a turn (or beside the holders if none came in time)."""
        _holding.turns = self if self.take() else None
        try:
            yield
        finally:
            # Held still unless it stepped aside and went ahead without one afterwards.
            if _holding.turns is self:
                self.give_back()
            _holding.turns = None


@contextmanager
def stepped_aside() -> Iterator[None]:
    """While this thread waits for something slow that needs none of the worker's Python, the
    next request in line has its turn; this one takes a turn again afterwards."""
    turns = getattr(_holding, "turns", None)
    if turns is None:
        yield
        return
    turns.give_back()
    _holding.turns = None
    try:
        yield
    finally:
        _holding.turns = turns if turns.take() else None


@cache
def request_turns() -> Turns:
    """This worker's turns."""
    return Turns(settings.TGDB_REQUESTS_AT_ONCE_PER_WORKER, settings.TGDB_TURN_WAIT_SECONDS)


# A forked child (a gunicorn worker) makes its own at its first request.
os.register_at_fork(after_in_child=request_turns.cache_clear)


class TakingTurns:
    """WSGI middleware: each request runs `application` in its turn."""

    def __init__(self, application) -> None:
        self.application = application

    def __call__(self, environ, start_response):
        with request_turns().turn():
            return self.application(environ, start_response)
