"""CPU priority per thread: pages, and known browsers' password checks.

On Linux niceness belongs to each thread, and a thread may make itself nicer but never less
nice again (without privileges). So the thread that checks known browsers' passwords is
started up front by the worker's main thread (gunicorn's post_worker_init hook), keeping the
worker's own priority; the request threads then lower theirs to TGDB_PAGE_NICE at their first
request. Unknown browsers' checks are hashed in processes at TGDB_PASSWORD_CHECK_NICE and
SCHED_IDLE (throttle/hashing_process.py). Ordered so, a known author's sign-in outranks pages,
and pages outrank a storm's guesses. Elsewhere niceness would belong to the whole process, and
nothing is changed.
"""

import os
import queue
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")
_thread_state = threading.local()


def lower_this_thread(nice: int) -> None:
    """Make the calling thread at least this nice (a no-op where it already is, or off Linux)."""
    if sys.platform != "linux" or nice <= 0:
        return
    thread = threading.get_native_id()
    if os.getpriority(os.PRIO_PROCESS, thread) < nice:
        os.setpriority(os.PRIO_PROCESS, thread, nice)


def idle_this_thread() -> None:
    """Run the calling thread only on a core no other thread wants (Linux's SCHED_IDLE).
    Niceness alone is not enough for a thread that never sleeps, as a hash does: the page
    threads sleep and wake at every request, and a waking one may wait for the rest of the
    hash's time slice, so a storm's hashes took a quarter of the machine from the readers
    (bench/storm.py: 25% of the CPU at nice 19, 10-15% with SCHED_IDLE, the readers' requests a
    second in a storm up from 0.72 to 0.86 of calm, medians of 16 slices). A thread of this
    policy is set aside the moment another wakes, and still runs now and then when the cores
    stay busy. Elsewhere nothing is changed."""
    if sys.platform == "linux":
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def pages_thread(nice: int) -> None:
    """Called at each request: the first one lowers its thread to the pages' priority."""
    if getattr(_thread_state, "page_nice", None) != nice:
        lower_this_thread(nice)
        _thread_state.page_nice = nice


class Lane:
    """`size` threads, started now (so at the priority of the thread making the lane),
    running one piece of work each at a time."""

    def __init__(self, size: int, name: str) -> None:
        self._work: queue.SimpleQueue = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self._serve, name=f"{name}-{n}", daemon=True)
            for n in range(size)
        ]
        for thread in self.threads:
            thread.start()

    def close(self) -> None:
        """Let the threads end once the work given before is done."""
        for _ in self.threads:
            self._work.put(None)

    def run(self, work: Callable[[], T]) -> T:
        """`work`'s result, computed in one of the lane's threads; the caller waits for it."""
        done: Future = Future()
        self._work.put((work, done))
        return done.result()

    def _serve(self) -> None:
        while (item := self._work.get()) is not None:
            work, done = item
            try:
                done.set_result(work())
            except BaseException as error:  # handed to the waiting request, which raises it
                done.set_exception(error)
