"""gunicorn settings for `make serve` and the systemd unit; each can be overridden from the
environment (gunicorn also reads GUNICORN_CMD_ARGS)."""

import multiprocessing
import os

wsgi_app = "tgdb.wsgi:application"
bind = os.environ.get("TGDB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# Recycle workers now and then, so a slow leak can never take a server down.
max_requests = 2000
max_requests_jitter = 200

accesslog = "-"  # stdout
errorlog = "-"
capture_output = True
# No control socket: it lives at one fixed path, which several servers on a host would share.
control_socket_disable = True

# Django alone decides what a proxy may tell it (TGDB_TRUSTED_PROXIES): gunicorn must not turn
# a client's X-Forwarded-Proto into "https" on its own.
forwarded_allow_ips = ""
secure_scheme_headers = {}
