"""`make run` (Django's runserver under its autoreloader): stopped however it is stopped, it
leaves no process behind, neither the serving child nor the hashing processes under it."""

import signal
import subprocess
import sys

import pytest

from bench.server import children, descendants
from tests import patience
from tests.processes import REPO_ROOT, environment, is_running, migrated_sqlite_at, wait_until
from tests.servers import Browser, poll
from tests.services import free_port

pytestmark = pytest.mark.own_services


@pytest.fixture
def development_server(tmp_path):
    """The command `make run` runs, on a free port with a throw-away SQLite database."""
    database = migrated_sqlite_at(tmp_path / "db.sqlite3")
    port = free_port()
    log = (tmp_path / "runserver.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"],
        cwd=REPO_ROOT,
        env=environment(DATABASE_URL=f"sqlite:///{database}", DJANGO_ALLOWED_HOSTS="127.0.0.1"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()
        log.close()


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_stopping_the_reloader_stops_the_server_and_its_hashing_processes(
    development_server, ending
):
    reloader, base = development_server
    browser = Browser()
    poll(lambda: browser.get(f"{base}/healthz"), lambda answer: answer.status == 200)
    # A sign-in from a browser the account does not know is hashed in a process of its own.
    attempt = browser.sign_in(base, "nobody", "Not-the-password-42")
    assert attempt.status == 200
    (server,) = children(reloader.pid)
    started = descendants(reloader.pid)
    assert len(started) > 1, "the server has no hashing process"

    reloader.send_signal(ending)

    reloader.wait(timeout=patience.CONDITION)
    assert wait_until(lambda: not any(map(is_running, started))), {
        pid: is_running(pid) for pid in started
    }
    assert server in started
