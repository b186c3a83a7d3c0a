"""Throw-away PostgreSQL, Redis and S3 servers on loopback, started and stopped by the tests.

Each lives in its own temporary folder (S3: in its memory) on a free port and is gone when
stopped. PostgreSQL and Redis are found from Debian's packages (`postgresql`,
`redis-server`); PostgreSQL refuses to run as root, so under root its commands run as the
`postgres` user the package creates (or `nobody`). S3 is moto's standalone server, a Python
dev dependency.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.server import free_port, stop_process
from tests import patience
from tgdb.process_lifetime import end_with_parent

REQUIRE_SERVICES = os.environ.get("TGDB_REQUIRE_SERVICES") == "1"
START_TIMEOUT = patience.CONDITION


class ServiceUnavailable(RuntimeError):
    """A service's programs are not installed on this machine."""


def wait_for_port(
    port: int, timeout: float = START_TIMEOUT, process: subprocess.Popen | None = None
) -> None:
    """Until something answers on `port`; fails at once if `process`, which should, exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answered on 127.0.0.1:{port} within {timeout} s")


def postgres_bin() -> Path:
    """The newest PostgreSQL server programs: Debian keeps them off PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for folder in reversed(candidates):
        if (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).parent
    raise ServiceUnavailable("PostgreSQL is not installed (apt-get install postgresql)")


def redis_server_bin() -> str:
    found = shutil.which("redis-server")
    if not found:
        raise ServiceUnavailable("Redis is not installed (apt-get install redis-server)")
    return found


def _unprivileged_user() -> pwd.struct_passwd | None:
    """The account to run PostgreSQL as when we are root, else None (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise ServiceUnavailable("running as root and no unprivileged account for PostgreSQL")


def _new_folder(prefix: str) -> Path:
    # Directly under the system's temporary folder: the postgres account must reach it, and
    # pytest's own tmp_path is private to root.
    return Path(tempfile.mkdtemp(prefix=prefix))


@dataclass
class Postgres:
    folder: Path = field(default_factory=lambda: _new_folder("tgdb-postgres-"))
    port: int = field(default_factory=free_port)
    database: str = "tgdb"
    user: str = "tgdb"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{self.database}"

    def _run(self, program: str, *args: str) -> None:
        account = _unprivileged_user()
        if account is None:
            preexec = None
        else:

            def preexec() -> None:
                os.setgid(account.pw_gid)
                os.setuid(account.pw_uid)

        result = subprocess.run(  # noqa: S603 - the PostgreSQL programs with our own arguments
            [str(postgres_bin() / program), *args],
            check=False,
            capture_output=True,
            preexec_fn=preexec,  # drops root before PostgreSQL starts
            cwd=self.folder,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr or result.stdout}")

    def start(self) -> "Postgres":
        account = _unprivileged_user()
        if account is not None:
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        if not self.data.exists():
            self._run(
                "initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8",
                "--locale=C", "--no-sync",
            )  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                  "-o", self._server_options(), "start")  # fmt: skip
        self._create_database()
        return self

    def _server_options(self) -> str:
        # Durability is not the point of a throw-away server; speed is.
        return (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.database]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{self.database}"')

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        """Stop if running, and delete every file."""
        with contextlib.suppress(RuntimeError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-m", "fast",
                  "-w", "-o", self._server_options(), "restart")  # fmt: skip


@dataclass
class Redis:
    folder: Path = field(default_factory=lambda: _new_folder("tgdb-redis-"))
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        self.process = subprocess.Popen(  # noqa: S603 - redis-server with our own arguments
            [redis_server_bin(), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=START_TIMEOUT)
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class S3Server:
    """moto's S3 server with one empty bucket; `variables()` are an app server's settings for
    keeping its pictures there."""

    bucket: str = "tgdb-media"
    port: int = field(default_factory=free_port)
    access_key: str = "tgdb-test-access-key"
    secret_key: str = "tgdb-test-secret-key"
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def variables(self) -> dict[str, str]:
        return {
            "TGDB_MEDIA_STORAGE": "s3",
            "TGDB_S3_BUCKET": self.bucket,
            "TGDB_S3_ENDPOINT_URL": self.url,
            "TGDB_S3_ACCESS_KEY_ID": self.access_key,
            "TGDB_S3_SECRET_ACCESS_KEY": self.secret_key,
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def objects(self) -> dict[str, bytes]:
        """Every object in the bucket, by its name."""
        client = self.client()
        listed = client.list_objects_v2(Bucket=self.bucket)
        assert not listed["IsTruncated"], "more objects than one listing holds"
        return {
            entry["Key"]: client.get_object(Bucket=self.bucket, Key=entry["Key"])["Body"].read()
            for entry in listed.get("Contents", [])
        }

    def start(self) -> "S3Server":
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "moto.server", "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=end_with_parent,  # stopped with the tests, however they end
        )
        try:
            wait_for_port(self.port, process=self.process)
            self.client().create_bucket(Bucket=self.bucket)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None
