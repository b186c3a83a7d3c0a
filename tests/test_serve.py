"""`make serve` is the production server: static files collected and served by WhiteNoise,
migrations applied, gunicorn with WEB_CONCURRENCY workers on TGDB_BIND and the e-mail worker
beside it, stopping together, every log on stdout."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.server import children, descendants
from tests import patience
from tests.processes import REPO_ROOT, environment, is_running, production, wait_until
from tests.servers import Browser, create_user
from tests.services import free_port

pytestmark = pytest.mark.own_services

START_TIMEOUT = 120  # collectstatic + migrate + boot; only a broken run waits this long
STOP_TIMEOUT = patience.CONDITION
REQUEST_TIMEOUT = patience.REQUEST

MAKE_NOTE = re.compile(r"make(\[\d+\])?: ")


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def port_is_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Served:
    port: int
    process: subprocess.Popen
    stdout: Path
    stderr: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"make serve exited with {self.process.returncode}:\n{self.logs()}")
            with contextlib.suppress(OSError):
                if get(f"{self.base}/healthz")[0] == 200:
                    return
            time.sleep(0.2)
        pytest.fail(f"/healthz did not answer 200 within {START_TIMEOUT} s:\n{self.logs()}")

    def stop(self) -> None:
        """TERM the process group (make, gunicorn, its workers); KILL whatever lingers."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=STOP_TIMEOUT)
        # make does not wait for gunicorn: its shutdown is over when the port closes.
        deadline = time.monotonic() + STOP_TIMEOUT
        while port_is_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)

    def logs(self) -> str:
        return f"stdout:\n{self.stdout.read_text()}\nstderr:\n{self.stderr.read_text()}"


@pytest.fixture
def served(tmp_path):
    """`make serve` in the repository, on a free port with a throw-away SQLite database."""
    port = free_port()
    env = environment(
        **production(
            database=tmp_path / "db.sqlite3",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            TGDB_SSL_REDIRECT="0",  # plain HTTP on loopback
            TGDB_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY="2",
        )
    )
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(
            # -o: the virtualenv is already installed; this test must not reach for pip.
            ["make", "-o", ".venv/.installed", "serve"],  # noqa: S607
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group, stopped as one
        )
    server = Served(port, process, stdout, stderr)
    try:
        server.wait_until_healthy()
        yield server
    finally:
        server.stop()


def test_make_serve_answers_pages_and_static_files_and_logs_to_stdout(served):
    health = get(f"{served.base}/healthz")
    home = get(f"{served.base}/")
    stylesheet = get(f"{served.base}/static/css/site.css")
    served.stop()  # every log line is written once the server has stopped

    assert health[0] == 200
    assert home[0] == 200
    assert b"The Great Django Blog" in home[2]
    assert stylesheet[0] == 200
    assert stylesheet[1]["Content-Type"].startswith("text/css")
    assert stylesheet[2] == (REPO_ROOT / "static" / "css" / "site.css").read_bytes()
    log = served.stdout.read_text()
    assert log.count("Booting worker with pid") == 2
    assert '"GET /healthz HTTP/1.1" 200' in log
    assert '"GET /static/css/site.css HTTP/1.1" 200' in log
    # stderr holds at most make's own note that it was stopped ("make[1]: " when nested).
    stderr = served.stderr.read_text().splitlines()
    assert [line for line in stderr if not MAKE_NOTE.match(line)] == []


STARTED = re.compile(r"serve: started (\S+) \(pid (\d+)\)")


def started_pids(served: Served) -> dict[str, int]:
    return {name: int(pid) for name, pid in STARTED.findall(served.stdout.read_text())}


def test_make_serve_runs_the_e_mail_worker_and_stops_it_with_the_server(served, tmp_path):
    create_user(f"sqlite:///{tmp_path / 'db.sqlite3'}", "alice", "Quiet-river-crossing-42")
    pids = started_pids(served)

    reset = Browser().submit(
        f"{served.base}/cadmin/password-reset/", {"email": "alice@example.com"}
    )
    # Console e-mail: the worker, not the web server, prints the message into the same log.
    subject = f"Subject: Reset your password on 127.0.0.1:{served.port}"
    sent = wait_until(lambda: subject in served.stdout.read_text())
    workers = children(pids["gunicorn"])
    hashing = wait_until(lambda: all(children(worker) for worker in workers))
    everything = descendants(served.process.pid)  # the workers' hashing processes included
    served.stop()

    assert reset.status == 302
    assert sent, served.logs()
    assert set(pids) == {"gunicorn", "db_worker"}
    assert "django_tasks_db: Starting worker" in served.stdout.read_text()
    assert hashing and len(workers) == 2
    assert wait_until(lambda: not any(map(is_running, everything)))


def test_when_the_e_mail_worker_dies_make_serve_stops_the_server_too(served):
    pids = started_pids(served)

    os.kill(pids["db_worker"], signal.SIGKILL)
    served.process.wait(timeout=START_TIMEOUT)
    closed = wait_until(lambda: not port_is_open(served.port))

    assert served.process.returncode != 0  # whatever restarts the site sees it fail
    assert closed
    assert wait_until(lambda: not is_running(pids["gunicorn"]))
    assert "serve: db_worker stopped by itself (exit status -9); stopping the rest" in (
        served.stdout.read_text()
    )
