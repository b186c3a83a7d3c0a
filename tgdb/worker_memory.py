"""When a gunicorn worker is replaced for its memory (deploy/gunicorn.conf.py).

Recycling a worker after a count of requests guards against a leak by replacing every worker
over and over whether it leaks or not, and a replacement is not free: the connections the old
worker held crowd onto the others until they spread out again. Measured on the cached post list
(16 connections, two workers): 2,050 requests a second without recycling, 1,300 with a worker
replaced every 2,000 requests, while a worker's memory stayed at 63 MB over 130,000 requests.
So a worker is replaced when its memory passes TGDB_WORKER_MAX_MEMORY_MB instead: a leak is
stopped, and a worker that does not leak serves on.
"""

import os

from django.conf import settings

# A worker looks at its memory every this many requests: reading it costs microseconds, and a
# leak grows over thousands of requests.
CHECK_EVERY_REQUESTS = 100
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def resident_mb(pid: int | str = "self") -> float | None:
    """A process's resident memory in MB, this one's unless told (None where /proc is not
    there to tell)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE / 2**20
    except OSError:
        return None


def over_limit() -> float | None:
    """This process's resident memory in MB if it is past TGDB_WORKER_MAX_MEMORY_MB (0: no
    limit), else None."""
    limit = settings.TGDB_WORKER_MAX_MEMORY_MB
    memory = resident_mb()
    if not limit or memory is None or memory <= limit:
        return None
    return memory
