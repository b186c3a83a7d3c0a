"""Workers replaced under load cost readers nothing they would notice (deploy/gunicorn.conf.py):
each new worker is a fork of a master that has already loaded the site, and connections do not
stay for ever with the worker that accepted them. A worker is replaced when its memory passes
the limit, not after a count of requests. What readers get while workers are replaced is
measured by the bench's steady scenario (bench/steady.py), not here."""

import http.client
import subprocess
import sys
from pathlib import Path

import pytest

from bench.server import Gunicorn, children
from tests import patience
from tests.processes import (
    REPO_ROOT,
    gunicorn_on_sqlite,
    is_running,
    migrated_sqlite_at,
    wait_until,
)
from tests.servers import Browser

pytestmark = pytest.mark.own_services

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


REPLACING = "Replacing worker: it uses"  # the worker's log line


@pytest.fixture
def server(tmp_path):
    with gunicorn_on_sqlite(tmp_path) as running:
        yield running


def statuses(server: Gunicorn, count: int) -> list[int]:
    """The answers to `count` requests for /healthz, each on a connection of its own."""
    browser = Browser()
    return [browser.get(f"{server.url}/healthz").status for _ in range(count)]


def keepalive_requests() -> int:
    namespace: dict = {}
    exec(CONFIG.read_text(), namespace)  # noqa: S102 - our own configuration file
    return namespace["KEEPALIVE_REQUESTS"]


def test_the_master_holds_the_site_loaded_before_it_starts_a_worker(server):
    # The Markdown sanitiser's compiled library is loaded with the views, which only a
    # preloading master has imported: a worker forked from it starts with all of it.
    assert "nh3" in Path(f"/proc/{server.master_pid}/maps").read_text()


def test_a_kept_connection_is_closed_after_its_hundredth_request(server):
    limit = keepalive_requests()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=patience.REQUEST)
    answers = []
    try:
        for _ in range(limit):
            connection.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{server.port}"})
            answer = connection.getresponse()
            answer.read()
            answers.append((answer.status, answer.getheader("Connection")))
    finally:
        connection.close()

    assert limit == 100
    assert answers[: limit - 1] == [(200, "keep-alive")] * (limit - 1)
    assert answers[-1] == (200, "close")


def test_a_worker_past_its_memory_limit_is_replaced_while_readers_are_answered(tmp_path):
    # Every worker uses more than 1 MB: each is replaced at its first look at its memory.
    with gunicorn_on_sqlite(tmp_path, TGDB_WORKER_MAX_MEMORY_MB="1") as server:
        first = server.worker_pids()
        answers = statuses(server, 20)
        assert server.wait_for_log(REPLACING)
        server.wait_for_workers(lambda pids: len(pids) == 2 and not pids & first)

    assert answers == [200] * 20
    assert server.log().count("Booting worker") > 2


def test_a_worker_within_its_memory_limit_is_kept_however_many_requests_it_serves(server):
    # Past several looks at its memory (worker_memory.CHECK_EVERY_REQUESTS) in each worker.
    first = server.worker_pids()
    answers = statuses(server, 500)

    assert answers == [200] * 500
    assert server.worker_pids() == first
    assert REPLACING not in server.log()


def test_a_server_started_for_the_bench_or_a_test_ends_when_its_starter_is_killed(tmp_path):
    # The starter prints the master's pid, then waits to be killed outright (no cleanup runs).
    database = migrated_sqlite_at(tmp_path / "db.sqlite3")
    starter = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", STARTER, f"sqlite:///{database}"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        master = int(starter.stdout.readline())
        workers = children(master)
        assert workers and is_running(master)
    finally:
        starter.kill()
        starter.wait()

    assert wait_until(lambda: not is_running(master))
    assert wait_until(lambda: not any(is_running(pid) for pid in workers))


STARTER = """
import sys, time
from django.core.management.utils import get_random_secret_key
from bench.server import Gunicorn, production_environment
server = Gunicorn(production_environment(sys.argv[1], get_random_secret_key(), workers=1))
server.start()
print(server.master_pid, flush=True)
time.sleep(600)
"""
