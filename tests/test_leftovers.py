"""The suite fails when a process it started is still running after it (tests/leftovers.py):
here a run of one test that starts a process, leaving it or stopping it."""

import os
import signal
import subprocess
import sys

import pytest

from tests.processes import REPO_ROOT, is_running

A_TEST_STARTING_A_PROCESS = """
import subprocess, sys
from pathlib import Path

def test_starts_a_process():
    # A session of its own, as a server's would be: out of reach of its group's signals.
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                               start_new_session=True)
    Path("{pid_file}").write_text(str(process.pid))
    if {stop}:
        process.kill()
        process.wait()
"""


def run_suite(tmp_path, stop: bool) -> tuple[subprocess.CompletedProcess, int]:
    """pytest on one test that starts a process and stops it or not: what it printed, and the
    pid of the process the test started."""
    pid_file = tmp_path / "pid"
    test = tmp_path / "test_one.py"
    test.write_text(A_TEST_STARTING_A_PROCESS.format(pid_file=pid_file, stop=stop))
    result = subprocess.run(  # noqa: S603 - our own interpreter and a test of our own
        [sys.executable, "-m", "pytest", "-p", "tests.leftovers", "-p", "no:xdist",
         "-p", "no:cacheprovider", "--leftover-wait", "1", "--rootdir", str(tmp_path), str(test)],
        cwd=REPO_ROOT,  # where tests.leftovers is found
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    return result, int(pid_file.read_text())


def test_a_process_left_running_fails_the_run_and_is_named(tmp_path):
    result, pid = run_suite(tmp_path, stop=False)
    try:
        assert is_running(pid)
        assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
        assert "1 passed" in result.stdout
        assert "Processes the suite started are still running:" in result.stdout
        assert f"{pid}: {sys.executable} -c import time; time.sleep(600)" in result.stdout
    finally:
        os.kill(pid, signal.SIGKILL)


def test_a_run_that_stops_what_it_started_passes(tmp_path):
    result, pid = run_suite(tmp_path, stop=True)

    assert not is_running(pid)
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "still running" not in result.stdout
