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

A short answer (a cached page, a redirect) is written to the socket before its turn is given
back: written after it, beside the next request's view, the write waited for Python, and the
readers' p99 was 4.2 to 4.3 times their p50 (8 connections, two workers) where it is now 3.4.
"""

import fcntl
import os
import socket
import struct
import termios
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.conf import settings

# An answer is written to the socket in the request's turn when the socket's send buffer takes
# it at once, status line and headers (HEADERS_BYTES at most) included, so writing it never
# waits for the client. Where the server does not say which socket (runserver, tests) or the
# system cannot tell how full it is: answers up to ANSWERED_IN_TURN_BYTES, what Linux's TCP
# takes into a fresh connection's buffer by default (tcp_wmem). A file sent as a file, or an
# answer of unknown length, is written after the turn is given back.
ANSWERED_IN_TURN_BYTES = 16 * 1024
HEADERS_BYTES = 4 * 1024
_QUEUED_REQUEST = getattr(termios, "TIOCOUTQ", None)  # bytes in a socket's send queue (Linux)

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

    def hold(self) -> None:
        """This thread's turn (or none, beside the holders, if none came in time), until
        `done`."""
        _holding.turns = self if self.take() else None

    def done(self) -> None:
        """This thread's turn given back, if it holds one still (it may have stepped aside and
        gone ahead without one afterwards); a second call does nothing."""
        if getattr(_holding, "turns", None) is self:
            self.give_back()
        _holding.turns = None

    @contextmanager
    def turn(self) -> Iterator[None]:
        """This thread's code in a turn (or beside the holders if none came in time)."""
        self.hold()
        try:
            yield
        finally:
            self.done()


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
    """WSGI middleware: each request runs `application` in its turn, and a short answer is
    handed to the client's socket before the turn is given back (_AnsweredInTurn)."""

    def __init__(self, application) -> None:
        self.application = application

    def __call__(self, environ, start_response):
        turns = request_turns()
        lengths: list[int | None] = []

        def starting(status, headers, *exc_info):
            lengths.append(_content_length(headers))
            return start_response(status, headers, *exc_info)

        turns.hold()
        try:
            answer = self.application(environ, starting)
        except BaseException:
            turns.done()
            raise
        file_wrapper = environ.get("wsgi.file_wrapper")
        sent_as_file = file_wrapper is not None and isinstance(answer, file_wrapper)
        if lengths and _fits(lengths[-1], environ) and not sent_as_file:
            return _AnsweredInTurn(answer, turns)
        turns.done()
        return answer


def _content_length(headers: list[tuple[str, str]]) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _fits(length: int | None, environ) -> bool:
    """Whether an answer of `length` bytes goes into the client's socket without waiting."""
    return length is not None and length + HEADERS_BYTES <= _room(environ)


def _room(environ) -> int:
    """Bytes the client's socket takes now: its send buffer's free half (Linux reports twice
    what it keeps, for its own bookkeeping), or room for a body of ANSWERED_IN_TURN_BYTES if it
    cannot tell."""
    sock = environ.get("gunicorn.socket")
    if sock is None or _QUEUED_REQUEST is None:
        return ANSWERED_IN_TURN_BYTES + HEADERS_BYTES
    try:
        size = sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
        queued = struct.unpack("i", fcntl.ioctl(sock, _QUEUED_REQUEST, b"\0\0\0\0"))[0]
    except OSError:
        return ANSWERED_IN_TURN_BYTES + HEADERS_BYTES
    return size // 2 - queued


class _AnsweredInTurn:
    """An answer whose bytes the server writes to the socket while the request still holds its
    turn; the turn is given back once they are written, or when the server closes the answer
    (a client gone mid-answer). A thread that wrote its answer after giving back its turn waited
    for Python beside the next holder: the writes' p99 was 7.5 ms, 0.7 ms in the turn."""

    def __init__(self, answer, turns: Turns) -> None:
        self.answer = answer
        self.turns = turns

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.answer
        finally:
            self.turns.done()

    def close(self) -> None:
        self.turns.done()
        close = getattr(self.answer, "close", None)
        if close is not None:
            close()
