"""gunicorn settings for `make serve` and the systemd unit; each can be overridden from the
environment (gunicorn also reads GUNICORN_CMD_ARGS).

Threaded workers, one per core: a thread that waits (for a password check's slot, see
throttle/gate.py, or past TGDB_TURN_WAIT_SECONDS for anything) leaves the others drawing
pages, so a storm of sign-in attempts cannot take every worker the way it takes sync workers.
Python draws pages on one core per process; unknown browsers' password hashes run in
processes of their own at the lowest priority (throttle/hashing_process.py) and use what is
left. Within a worker, requests run their views in turns, in the order they came
(throttle/turns.py, wired in tgdb/wsgi.py). A new connection goes to the worker holding
fewer (tgdb/balanced_worker.py), not to whichever was running when it came.
"""

import multiprocessing
import os

wsgi_app = "tgdb.wsgi:application"
bind = os.environ.get("TGDB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "tgdb.balanced_worker.BalancedThreadWorker"
# The same number the settings read: all but four may wait for a password check.
threads = int(os.environ.get("TGDB_THREADS", "32"))
timeout = 30
graceful_timeout = 20
# Connections are kept alive (gunicorn's default): a threaded worker closes one that is not
# by lingering for the client's goodbye in its main thread, which holds up every request of it.
keepalive = 2
# ... but not for ever: a connection is closed after this many requests (pre_request below),
# as nginx's keepalive_requests does. A kept connection stays with the worker that accepted
# it, so when a worker is replaced the connections it held all reconnect to the workers still
# up, and the new one would get none until they close: measured with wrk (16 connections,
# 2 workers), one worker then served everything, at 780 requests a second instead of 1,800.
# Closed now and then, connections spread over the workers again within a second. Closed
# every 20 requests they spread better still, but each close also holds the worker's main
# thread until the client's goodbye (above): in five bench runs at 20 the readers' p99 was 3.8
# to 5.3 times their p50 and the steady scenario's 3.8 to 4.8 (3.3 to 4.7 and 2.4 to 2.9 at
# 100), and no ratio of pages a second gained.
KEEPALIVE_REQUESTS = 100
# The master imports Django and the site, loads every view and freezes what is loaded (below)
# before it starts a worker; each worker is then a fork of it, serving about 0.1 s after the
# one it replaces has gone rather than after 0.5 s of importing (README, "Deploying"). A
# deploy restarts the master (`systemctl restart tgdb`): a HUP starts new workers from the
# code the master already holds.
preload_app = True
# A worker is replaced when its memory grows past TGDB_WORKER_MAX_MEMORY_MB (pre_request
# below, tgdb/worker_memory.py), not after a count of requests: a leak cannot take the server
# down, and a worker that does not leak is not replaced for nothing. ("--max-requests N" in
# GUNICORN_CMD_ARGS adds gunicorn's count back; the bench's steady scenario uses it.)
max_requests = 0

accesslog = "-"  # stdout
errorlog = "-"
capture_output = True
# No control socket: it lives at one fixed path, which several servers on a host would share.
control_socket_disable = True


def when_ready(server) -> None:
    """In the master, once it has loaded the site and before it starts the first worker."""
    if server.cfg.preload_app:
        load_and_freeze()


def post_worker_init(worker) -> None:
    """Keep Argon2's working memory between the worker's own password checks (known browsers',
    throttle/argon2_memory.py), set before the worker starts a thread. Start the password
    gate's thread in the worker's main thread, at the worker's own priority, before any
    request thread lowers its own (throttle/priority.py), and the worker's hashing processes
    (throttle/hashing_process.py): a forked worker must not share its master's."""
    from throttle import hashing_process
    from throttle.argon2_memory import keep_argon2_memory
    from throttle.gate import gate

    keep_argon2_memory()
    if not worker.cfg.preload_app:
        load_and_freeze()
    gate()
    hashing_process.start()


def pre_request(worker, req) -> None:
    """Close the connection after its KEEPALIVE_REQUESTS-th request ("Connection: close"); now
    and then, retire the worker if its memory has grown past the limit (as gunicorn retires
    one at max_requests: the master starts another once this one's requests are done)."""
    from tgdb import worker_memory

    if req.req_number % KEEPALIVE_REQUESTS == 0:
        req.must_close = True
    if worker.nr % worker_memory.CHECK_EVERY_REQUESTS == 0 and worker.alive:
        memory = worker_memory.over_limit()
        if memory is not None:
            worker.log.info("Replacing worker: it uses %d MB of memory.", memory)
            worker.alive = False
            req.must_close = True


def load_and_freeze() -> None:
    """Load every view, then hand what is loaded by now to Python's permanent generation
    (gc.freeze): a full garbage collection walks every object that is not, and with all of
    Django loaded one took 100 to 280 ms, every page of the worker waiting (measured in the
    bench's storm, where they made the readers' p99; frozen, the longest was 39 ms). Done in
    the master, the frozen objects are also never written to by a worker's collections, so
    the workers share their memory pages with it."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view in it
    gc.freeze()


# Django alone decides what a proxy may tell it (TGDB_TRUSTED_PROXIES): gunicorn must not turn
# a client's X-Forwarded-Proto into "https" on its own.
forwarded_allow_ips = ""
secure_scheme_headers = {}
