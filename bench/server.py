"""A real gunicorn on a loopback port, started and stopped by the benchmark (and the tests).

`Gunicorn` runs `gunicorn --config deploy/gunicorn.conf.py` with the variables it is given,
waits until every worker is up and /healthz answers, writes everything the server prints to a
log file, and stops it (TERM, then KILL) when the `with` block ends.
"""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tgdb.process_lifetime import end_with_parent

REPO_ROOT = Path(__file__).resolve().parent.parent
# Deadlines, not measures: a fresh server on a machine busy with other work may take tens of
# seconds to answer; only a broken one waits this long.
START_TIMEOUT = 120
STOP_TIMEOUT = 60
# The longest wait for the workers to finish what a load left them: requests cut off when it
# stopped, each at most as long as the bench waits for one answer (load.REQUEST_TIMEOUT).
SETTLE_TIMEOUT = 120
# Variables the settings read: a child process sees only those it is given.
OUR_PREFIXES = ("DJANGO_", "TGDB_")
OUR_VARIABLES = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process(process: subprocess.Popen) -> bool:
    """TERM, then KILL if it will not stop; whether it stopped when asked."""
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)
        return False
    return True


def environment(**variables: str) -> dict[str, str]:
    """This process's environment without any of our settings variables, plus `variables`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(OUR_PREFIXES) and key not in OUR_VARIABLES
    }
    env["DJANGO_SETTINGS_MODULE"] = "tgdb.settings"
    env.update(variables)
    return env


def production_environment(
    database: str, secret_key: str, redis: str = "", workers: int = 2
) -> dict[str, str]:
    """The variables of one app server; servers given the same secret key share sessions."""
    variables = {
        "DATABASE_URL": database,
        "WEB_CONCURRENCY": str(workers),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TGDB_SSL_REDIRECT": "0",  # no TLS on loopback
    }
    if redis:
        variables["REDIS_URL"] = redis
    return variables


def module_json(module: str, args: tuple[str, ...], env: dict[str, str]):
    """Run `python -m <module> ARGS` in the checkout with `env`; the JSON its last line printed.
    RuntimeError, with what it wrote to stderr, if it failed."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", module, *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=end_with_parent,  # stopped with the bench, however that ends
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found.update(int(child) for child in listing.read_text().split())
    return found


def descendants(pid: int) -> set[int]:
    """Every process under `pid`: its children, theirs, and so on."""
    found, parents = set(), children(pid)
    while parents:
        found |= parents
        parents = set().union(*(children(parent) for parent in parents)) - found
    return found


def _answers(url_port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", url_port, timeout=2)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{url_port}"})
        connection.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


@dataclass
class Gunicorn:
    """`with Gunicorn(variables) as server:` — a running app server at `server.url`."""

    variables: dict[str, str]
    port: int = field(default_factory=free_port)
    extra_args: tuple[str, ...] = ()  # command-line settings, above the config file's
    log_path: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="tgdb-gunicorn-", suffix=".log")[1])
    )
    process: subprocess.Popen | None = None
    final_log: str | None = None  # kept in memory once the server has stopped

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def expected_workers(self) -> int:
        return int(self.variables["WEB_CONCURRENCY"])

    @property
    def master_pid(self) -> int:
        if self.process is None:
            raise RuntimeError("the server is not running")
        return self.process.pid

    def worker_pids(self) -> set[int]:
        return children(self.master_pid)

    def working_pids(self) -> set[int]:
        """The workers and every process under them (each worker's hashing processes)."""
        return descendants(self.master_pid)

    def log(self) -> str:
        if self.final_log is not None:
            return self.final_log
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, timeout: float = START_TIMEOUT) -> bool:
        """Whether `text` shows up in the log within `timeout` seconds (workers write late)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return True
            time.sleep(0.1)
        return text in self.log()

    def start(self) -> "Gunicorn":
        variables = {**self.variables, "TGDB_BIND": f"127.0.0.1:{self.port}"}
        # The scripts and styles as production serves them (WhiteNoise, from STATIC_ROOT):
        # collected first, as `make serve` does; the editor's preview in Chromium needs them.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            env=environment(**variables),
            cwd=REPO_ROOT,
            check=True,
        )
        command = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [*command, *self.extra_args],
                env=environment(**variables),
                cwd=REPO_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Stopped with the bench or the test that started it, however that ends.
                preexec_fn=end_with_parent,
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            if len(self.worker_pids()) == self.expected_workers and _answers(self.port, "/healthz"):
                return
            time.sleep(0.1)
        raise TimeoutError(f"gunicorn did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def wait_for_workers(self, condition, timeout: float = START_TIMEOUT) -> set[int]:
        """Poll the worker pids until `condition(pids)` holds; returns them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if condition(pids):
                return pids
            time.sleep(0.1)
        raise TimeoutError(f"workers {self.worker_pids()} never met the condition:\n{self.log()}")

    def stop(self) -> None:
        if self.process is None:
            return
        workers = self.worker_pids()
        if not stop_process(self.process):
            # A master that had to be killed leaves its workers behind: ours to end too.
            for pid in workers:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
        self.process = None
        self.final_log = self.log()
        self.log_path.unlink(missing_ok=True)

    def settle(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait until the workers and their hashing processes have nothing left to do. When a
        load stops, the server may still be working on requests sent before their connections
        closed, each perhaps a password to check; the next measurement starts on a calm server."""
        if not wait_until_idle(self.working_pids(), timeout):
            print(f"  (the workers were still busy after {timeout} s)", flush=True)

    def __enter__(self) -> "Gunicorn":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


# --- Worker memory ------------------------------------------------------------------------


def reset_peak_memory(pids: set[int]) -> None:
    """Start each worker's peak RSS (VmHWM) afresh, so it measures the next scenario only."""
    for pid in pids:
        # "5" resets the high-water mark (Linux 4.0+); an older kernel keeps the whole run's.
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_memory_mb(pids: set[int]) -> float | None:
    """The largest VmHWM among `pids`, in MB; None when none could be read."""
    peaks = []
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)  # kB
    return round(max(peaks), 1) if peaks else None


# --- Worker activity ----------------------------------------------------------------------

# Thread states (/proc/<pid>/task/<tid>/stat) of work under way: running or waiting for a core
# ("R"), or for the disk ("D"). A thread waiting for a request, a hash or a lock sleeps ("S").
BUSY_STATES = frozenset("RD")
# Samples in a row, this many seconds apart, with no busy thread: the work is done rather than
# between two steps.
QUIET_SAMPLES = 5
SAMPLE_SECONDS = 0.05


def busy_threads(pids: set[int]) -> int:
    """How many threads of `pids` are running or waiting for a core or the disk now; a process
    or thread that has gone counts for nothing."""
    busy = 0
    for pid in pids:
        for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
            with contextlib.suppress(OSError):
                # The command may hold spaces: the state follows its ")".
                busy += stat.read_text().rsplit(")", 1)[1].split()[0] in BUSY_STATES
    return busy


def wait_until_idle(pids: set[int], timeout: float) -> bool:
    """Until no thread of `pids` has work under way for QUIET_SAMPLES samples in a row, for at
    most `timeout` seconds; whether they got there.

    Threads are asked for their state rather than timed: on a machine busy with other work a
    password hashed at the lowest priority gets almost no CPU time yet is still under way, and
    the next measurement must not start beside it."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < QUIET_SAMPLES:
        if time.monotonic() > deadline:
            return False
        quiet = 0 if busy_threads(pids) else quiet + 1
        time.sleep(SAMPLE_SECONDS)
    return True
