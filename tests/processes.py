"""Run Django in a fresh Python process.

Some settings are decided once, when the settings module loads (DEBUG, the secret key, the
production flags, the trusted proxy header), so a test that changes them needs a new process.
"""

import atexit
import functools
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.utils import get_random_secret_key

import bench.server
from tests import patience

REPO_ROOT = Path(__file__).resolve().parent.parent
# The benchmark starts Django processes too; one definition of a clean environment serves both.
environment = bench.server.environment


def production(database: Path | None = None, **variables: str) -> dict:
    """The variables of a production deployment, with a throw-away SQLite file if given."""
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": get_random_secret_key(),
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    if database is not None:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    env.update(variables)
    return env


def run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        env=environment(**variables),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    return run(["manage.py", *args], **variables)


def python(script: str, *args: str, **variables: str) -> subprocess.CompletedProcess:
    return run(["-c", script, *args], **variables)


def usernames_in(database: Path) -> list[str]:
    """The accounts in a throw-away SQLite file a fresh process used."""
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT username FROM accounts_user")]


@functools.cache
def migrated_sqlite() -> Path:
    """A SQLite file with every migration applied, made once per test process: a copy of it is
    a migrated database at once, where `manage.py migrate` takes seconds of CPU each time."""
    folder = Path(tempfile.mkdtemp(prefix="tgdb-migrated-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "migrated.sqlite3"
    result = manage("migrate", "--noinput", DATABASE_URL=f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    return path


def migrated_sqlite_at(path: Path) -> Path:
    """A migrated SQLite database at `path` (a copy of `migrated_sqlite()`)."""
    shutil.copy(migrated_sqlite(), path)
    return path


def gunicorn_on_sqlite(tmp_path: Path, workers: int = 2, **variables: str) -> bench.server.Gunicorn:
    """`make serve`'s gunicorn, not started yet, on a migrated SQLite file in `tmp_path`."""
    database = migrated_sqlite_at(tmp_path / "db.sqlite3")
    environment = bench.server.production_environment(
        f"sqlite:///{database}", get_random_secret_key(), workers=workers
    )
    return bench.server.Gunicorn({**environment, **variables})


def wait_until(condition, timeout: float = patience.CONDITION) -> bool:
    """Poll `condition` every tenth of a second for up to `timeout` seconds; its last answer."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


def is_running(pid: int) -> bool:
    """Whether `pid` is alive and not merely waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def printed_json(result: subprocess.CompletedProcess):
    """The JSON a child script printed last; log lines on stdout may come before it."""
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
