"""gunicorn's threaded worker, with new connections spread evenly across the workers.

Every worker waits on the same listening socket, and the kernel wakes them all when a client
connects: the worker already running on a core takes the connection before an idle one has
been scheduled. Under load the busiest worker is the one running, so it takes nearly every new
connection: measured on the cached post list (8 connections, two workers), the split was 7 to 1
or 8 to 0 in most seconds, and one worker's Python served most readers while the other core
idled. (SO_REUSEPORT, gunicorn's `reuse_port`, did no better here.)

So the workers publish how many connections each holds (a small table in memory shared by
every worker, made in the master before it forks them). A worker that holds more than another
live worker steps back from a new connection for STEP_BACK_SECONDS, leaving it to that worker,
and takes it itself if it is still waiting after that. A worker that has not looked at its
connections for STALE_SECONDS (stuck, or killed) is not waited for.

Measured with the bench's storm (calm readers, then 8 and 32 attackers, each a fresh database):
the split became 4 to 4 or 3 to 5, the calm readers' requests a second rose by about a fifth,
and the readers kept 1.0-1.1 of their calm requests a second under 8 attackers (0.61-0.63
before) and 0.84-0.91 under 32 (0.78-0.81).
"""

import ctypes
import multiprocessing
import os
import time

from gunicorn.workers.gthread import ThreadWorker

SLOTS = 64  # workers alive at once, counting those being replaced
STEP_BACK_SECONDS = 0.004  # a few scheduler ticks: time for an idle worker to wake
# A worker's main loop publishes at least once a second (gunicorn's poll timeout).
STALE_SECONDS = 2.5


class _Slot(ctypes.Structure):
    _fields_ = [("pid", ctypes.c_int), ("connections", ctypes.c_int), ("seen", ctypes.c_double)]


class ConnectionBoard:
    """Each live worker's connection count, in memory shared by every process forked after it
    was made."""

    def __init__(self, slots: int = SLOTS) -> None:
        self._lock = multiprocessing.Lock()
        self._slots = multiprocessing.RawArray(_Slot, slots)

    def join(self, pid: int) -> "Seat":
        """A free slot (or a dead worker's) for the worker `pid`. With every slot taken, one
        of its own that no other worker reads: it still steps back for the others."""
        with self._lock:
            for slot in self._slots:
                if slot.pid == 0 or not _alive(slot.pid):
                    slot.pid, slot.connections, slot.seen = pid, 0, time.monotonic()
                    return Seat(self._slots, slot)
        return Seat(self._slots, _Slot(pid, 0, time.monotonic()))


class Seat:
    """One worker's slot on the board."""

    def __init__(self, slots, slot: _Slot) -> None:
        self._slots = slots
        self._slot = slot

    def publish(self, connections: int) -> None:
        self._slot.connections = connections
        self._slot.seen = time.monotonic()

    def fewer_elsewhere(self, connections: int) -> bool:
        """Whether another live worker, heard from lately, holds fewer than `connections`."""
        now = time.monotonic()
        return any(
            slot.pid
            and slot.pid != self._slot.pid
            and now - slot.seen < STALE_SECONDS
            and slot.connections < connections
            for slot in self._slots
        )

    def leave(self) -> None:
        self._slot.pid = 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class BalancedThreadWorker(ThreadWorker):
    """gthread, stepping back from a new connection while another worker holds fewer."""

    # Made when gunicorn loads this class, in the master: every worker it forks shares it.
    board = ConnectionBoard()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._back_until = 0.0  # while stepping back, the monotonic time it ends
        self._take_next = False  # the step back is over: the next connection is ours

    def take_seat(self) -> None:
        """Join the board, in the worker's own process."""
        self._seat = self.board.join(os.getpid())

    def init_process(self) -> None:
        self.take_seat()
        try:
            super().init_process()
        finally:
            self._seat.leave()

    def set_accept_enabled(self, enabled: bool) -> None:
        if enabled and self._back_until:
            return  # gunicorn's loop enables accepting each time round; not while stepping back
        super().set_accept_enabled(enabled)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        self._seat.publish(self.nr_conns)
        if self._back_until:
            remaining = self._back_until - time.monotonic()
            if remaining > 0:
                timeout = min(timeout, remaining)
            else:
                self._back_until = 0.0
                self._take_next = True
                self.set_accept_enabled(self.alive)
        super().wait_for_and_dispatch_events(timeout)
        self._take_next = False

    def accept(self, listener) -> None:
        if not self._take_next and self._seat.fewer_elsewhere(self.nr_conns):
            self._back_until = time.monotonic() + STEP_BACK_SECONDS
            super().set_accept_enabled(False)
            return
        super().accept(listener)
        self._seat.publish(self.nr_conns)
