"""gunicorn settings for `make serve` and the systemd unit; each can be overridden from the
environment (gunicorn also reads GUNICORN_CMD_ARGS).

Threaded workers, one per core: a thread that waits (for the database, or for a password
check's slot, see throttle/gate.py) leaves the others drawing pages, so a storm of sign-in
attempts cannot take every worker the way it takes sync workers. Python draws pages on one core
per process; unknown browsers' password hashes run in processes of their own at the lowest
priority (throttle/hashing_process.py) and use what is left.
"""

import multiprocessing
import os

wsgi_app = "tgdb.wsgi:application"
bind = os.environ.get("TGDB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
# The same number the settings read: all but four may wait for a password check.
threads = int(os.environ.get("TGDB_THREADS", "32"))
timeout = 30
graceful_timeout = 20
# Connections are kept alive (gunicorn's default): a threaded worker closes one that is not
# by lingering for the client's goodbye in its main thread, which holds up every request of it.
keepalive = 2
# Recycle workers now and then, so a slow leak can never take a server down.
max_requests = 2000
max_requests_jitter = 200

accesslog = "-"  # stdout
errorlog = "-"
capture_output = True
# No control socket: it lives at one fixed path, which several servers on a host would share.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Start the password gate's thread in the worker's main thread, at the worker's own
    priority, before any request thread lowers its own (throttle/priority.py), and the
    worker's hashing processes (throttle/hashing_process.py). Then load every view and hand
    what is loaded by now to Python's permanent generation (gc.freeze): a full garbage
    collection walks every object that is not, and with all of Django loaded one took 100 to
    280 ms, every page of the worker waiting (measured in the bench's storm, where they made
    the readers' p99; frozen, the longest was 39 ms)."""
    import gc

    from django.urls import get_resolver

    from throttle import hashing_process
    from throttle.gate import gate

    gate()
    hashing_process.start()
    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view in it
    gc.freeze()


# Django alone decides what a proxy may tell it (TGDB_TRUSTED_PROXIES): gunicorn must not turn
# a client's X-Forwarded-Proto into "https" on its own.
forwarded_allow_ips = ""
secure_scheme_headers = {}
