"""A pytest plugin (loaded by conftest.py): no process the suite starts outlives it. Servers,
workers, hashing processes, browsers, PostgreSQL and Redis all end with the tests that started
them.

The process running the suite marks its environment with an id of this run, which every
process started under it inherits (pytest-xdist's workers, and whatever they start: clean
environments for Django keep it, bench.server.environment). When the suite has finished, any
process still running with that mark was left behind, and the run fails naming it.
"""

import os
import uuid
from pathlib import Path

import pytest

from tests import patience
from tests.processes import is_running, wait_until

MARK = "PYTEST_SUITE_RUN"  # no DJANGO_ or TGDB_ prefix: clean environments keep it


def mark_this_run() -> None:
    """Give this run an id of its own, a run started by a test included."""
    os.environ[MARK] = uuid.uuid4().hex


def started_by_this_run() -> dict[int, str]:
    """The processes still running, other than this one, with this run's mark: their command
    lines by pid."""
    mark = f"{MARK}={os.environ[MARK]}".encode()
    found = {}
    for folder in Path("/proc").iterdir():
        if not folder.name.isdigit() or int(folder.name) == os.getpid():
            continue
        try:
            if mark in (folder / "environ").read_bytes().split(b"\0"):
                found[int(folder.name)] = (folder / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return {pid: command.decode(errors="replace") for pid, command in found.items()
            if is_running(pid)}  # fmt: skip


def left_behind(patience_seconds: float) -> dict[int, str]:
    """What is still running once every process has had time to end: nothing, or the
    processes the run left behind."""
    wait_until(lambda: not started_by_this_run(), patience_seconds)
    return started_by_this_run()


def is_controller(config) -> bool:
    """Whether this process runs the suite (rather than being one of pytest-xdist's workers)."""
    return not hasattr(config, "workerinput")


def pytest_addoption(parser):
    parser.addoption(
        "--leftover-wait",
        type=float,
        default=patience.CONDITION,
        help="seconds the processes a run started have to end after it, before it fails",
    )


def pytest_configure(config):
    if is_controller(config):
        mark_this_run()


@pytest.hookimpl(hookwrapper=True)
def pytest_sessionfinish(session):
    yield  # after pytest-xdist has stopped its workers
    if not is_controller(session.config):
        return
    left = left_behind(session.config.getoption("leftover_wait"))
    if left:
        lines = "\n".join(f"  {pid}: {command}" for pid, command in sorted(left.items()))
        session.config.get_terminal_writer().line(
            f"Processes the suite started are still running:\n{lines}", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
