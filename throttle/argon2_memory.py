"""Argon2's working memory, kept by a process from one password check to the next.

Each check takes 64 MiB (throttle/hashers.py). glibc hands a block that large out as fresh
pages from the kernel, every one of them faulted in and zeroed, and gives it back when the
check ends: 13 to 20 ms of each ~125 ms check, measured here. Told to serve every block from
its one main heap and to keep what is freed at the top of it, the next check reuses the same
pages, and the process keeps those 64 MiB. (Argon2 wipes its memory before freeing it.)

One heap, not one per thread: a thread's own heap cannot hold a block that large, and glibc
would map it afresh for every check made in a request's thread. A worker's requests take
turns anyway (throttle/turns.py), so its threads hardly ever wait on each other's malloc.
More than KEEP_FREE_BYTES freed at the top goes back to the kernel as before, so one large
upload does not stay with the worker. Elsewhere than glibc, nothing changes.
"""

import ctypes

# glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4
M_ARENA_MAX = -8

KEEP_FREE_BYTES = 128 * 1024 * 1024  # room for two checks at once


def keep_argon2_memory() -> None:
    """Keep this process's freed memory for the next password check. Called before any thread
    of the process has allocated (glibc fixes the number of heaps at the first thread's
    first allocation): a hashing process's start, a gunicorn worker's post_worker_init."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_ARENA_MAX, 1)
    mallopt(M_MMAP_MAX, 0)
    mallopt(M_TRIM_THRESHOLD, KEEP_FREE_BYTES)
