"""The password checks of browsers an account does not know, hashed in a process of their own
at the lowest CPU priority.

Lowering a thread's priority is not enough: a hashing thread shares its worker's interpreter
lock with the threads drawing pages, and each hash takes and gives back that lock, so a page
thread could wait on a hashing thread the scheduler keeps in the back (measured: readers lost
half their requests a second to a storm with hashing threads at nice 19, and none to hashing
processes at nice 19). In a process of its own, the hash shares nothing with the pages but
the cores, and there it comes last (TGDB_PASSWORD_CHECK_NICE, and Linux's SCHED_IDLE: see
throttle/priority.py).

Each worker process has its own (started with a fresh interpreter, never forked from a worker
full of threads), with as many hashing processes as the worker has slots for such checks
(TGDB_PASSWORD_CHECKS_PER_WORKER). The request's thread waits for the answer without holding
the lock. A hashing process ends with the process that started it, however that one ends
(stopped, or killed outright as gunicorn kills a stuck worker): nothing is left behind.
"""

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import TypeVar

from django.conf import settings

from .argon2_memory import keep_argon2_memory
from .priority import idle_this_thread, lower_this_thread

T = TypeVar("T")


@cache
def hashing_processes() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=settings.TGDB_PASSWORD_CHECKS_PER_WORKER,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_hashing_process,
        initargs=(settings.TGDB_PASSWORD_CHECK_NICE,),
    )


def _start_hashing_process(nice: int) -> None:
    """In a new hashing process: keep the hash's working memory between hashes (before a
    thread starts, throttle/argon2_memory.py), watch for its parent's end, then lower the
    thread that hashes (the watcher only waits, and started first it keeps the process's own
    priority)."""
    keep_argon2_memory()
    _exit_when_parent_ends()
    lower_this_thread(nice)
    idle_this_thread()


def _exit_when_parent_ends() -> None:
    """Exit as soon as the process that started this one has ended. multiprocessing gives a
    spawned process the read end of a pipe whose other end only its parent holds, so the
    kernel closes it the moment the parent ends, killed outright included; the watcher thread
    waiting on it then wakes. (PR_SET_PDEATHSIG would watch the thread that started the
    process, and a request's thread may be the one that starts it.)"""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def start() -> None:
    """Start the processes now (gunicorn's post_worker_init), so that no sign-in waits for an
    interpreter to start. They are started as work finds none idle: give each some at once.
    Not waited for: the worker serves pages meanwhile, and a sign-in that comes first waits
    only for what is left of the start."""
    pool = hashing_processes()
    for _ in range(settings.TGDB_PASSWORD_CHECKS_PER_WORKER):
        pool.submit(os.getpid)


def in_hashing_process(work: Callable[[], T]) -> T:
    """`work` computed in a hashing process: picklable, a function or a plain object's method
    with its arguments. If the process died (the kernel may kill it when memory runs out), a
    new one is started and the work given to it once more."""
    try:
        return hashing_processes().submit(work).result()
    except BrokenProcessPool:
        hashing_processes.cache_clear()
        return hashing_processes().submit(work).result()


# A forked child (a test server, a preloading master) must not share its parent's processes.
os.register_at_fork(after_in_child=hashing_processes.cache_clear)
