"""`make serve`: gunicorn and the e-mail worker (`manage.py db_worker`) as one command.

Both write to this process's stdout, their errors included. A TERM or an INT (Ctrl-C, `kill`,
make passing one on) reaches each of them exactly once, as TERM, from this process: a second
one would make the worker drop the message it is sending. So each runs in a process group of
its own, out of reach of signals sent to make's group, and the kernel sends it TERM should this
process die first. When either stops by itself, the other is stopped too and this exits with an
error, so whatever restarts the site restarts both.

With TGDB_TASKS_BACKEND=immediate (the development default) e-mail is sent inside the web
workers, and only gunicorn runs.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tgdb.process_lifetime import end_with_parent

REPO_ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.2


def commands() -> dict[str, list[str]]:
    from django.conf import settings

    found = {"gunicorn": [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]}
    if settings.TGDB_TASKS_BACKEND == "database":
        found["db_worker"] = [sys.executable, "manage.py", "db_worker", "--no-reload"]
    return found


def say(message: str) -> None:
    print(f"serve: {message}", flush=True)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tgdb.settings")
    running: dict[str, subprocess.Popen] = {}
    told_to_stop: set[str] = set()
    stopping = False
    status = 0

    def stop_all(*_signal_info) -> None:
        nonlocal stopping
        stopping = True
        for name in running.keys() - told_to_stop:
            told_to_stop.add(name)
            with contextlib.suppress(ProcessLookupError):
                running[name].terminate()

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    for name, command in commands().items():
        if stopping:
            break
        # Started only from this thread, so running code between fork and exec is safe.
        running[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            process_group=0,
            preexec_fn=end_with_parent,
        )
        say(f"started {name} (pid {running[name].pid})")
        if stopping:  # a signal came while it was starting
            stop_all()

    while running:
        time.sleep(POLL_SECONDS)
        for name, child in list(running.items()):
            if child.poll() is None:
                continue
            del running[name]
            if stopping:
                say(f"{name} stopped")
            else:
                say(f"{name} stopped by itself (exit status {child.returncode}); stopping the rest")
                status = 1
                stop_all()
    return status


if __name__ == "__main__":
    sys.exit(main())
