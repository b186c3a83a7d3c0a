"""Real gunicorn servers for the tests, and a small browser-like HTTP client to talk to them.

`Gunicorn` (from the benchmark, bench/server.py) starts `gunicorn --config
deploy/gunicorn.conf.py` on a free loopback port with a production environment and stops it
when the `with` block ends; `TaskWorker` does the same for `manage.py db_worker`. `Browser`
keeps cookies like a browser does, including the Secure ones Django sets when DEBUG is off (a
real browser would only send them over HTTPS; these servers speak plain HTTP).
"""

import http.client
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg

# Re-exported: the tests have always found the server launcher here.
from bench.server import Gunicorn as Gunicorn
from bench.server import production_environment as production_environment
from bench.server import stop_process
from tests import patience
from tests.processes import REPO_ROOT, environment, manage, migrated_sqlite_at
from tests.services import Postgres
from tgdb.process_lifetime import end_with_parent

REQUEST_TIMEOUT = patience.REQUEST
SQLITE_URL = "sqlite:///"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- Databases ----------------------------------------------------------------------------


def database_url(server: Postgres, name: str) -> str:
    return f"postgres://{server.user}@127.0.0.1:{server.port}/{name}"


def _admin_connection(server: Postgres) -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1", port=server.port, user=server.user, dbname="postgres", autocommit=True
    )


def create_database(server: Postgres, prefix: str = "tgdb_test") -> str:
    """A new, empty database on `server` with every migration applied; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with _admin_connection(server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = database_url(server, name)
    migrate(url)
    return url


def drop_database(server: Postgres, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with _admin_connection(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(url: str) -> None:
    if url.startswith(SQLITE_URL):
        migrated_sqlite_at(Path(url.removeprefix(SQLITE_URL)))
        return
    result = manage("migrate", "--noinput", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr


def django_shell(code: str, **variables: str) -> str:
    """Run `code` in `manage.py shell` with the given settings variables; returns its stdout."""
    result = manage("shell", "--no-imports", "-c", code, **variables)
    assert result.returncode == 0, result.stderr
    return result.stdout


def create_user(url: str, username: str, password: str, role: str = "Author") -> None:
    """An account with a role (an Author unless told), its password checked by the site's own
    validators."""
    django_shell(
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.password_validation import validate_password\n"
        "from team.roles import set_role\n"
        f"user = get_user_model()(username={username!r}, email={username + '@example.com'!r})\n"
        f"validate_password({password!r}, user)\n"
        f"user.set_password({password!r})\n"
        "user.save()\n"
        f"set_role(user, {role!r})\n",
        DATABASE_URL=url,
    )


def create_published_post(url: str, username: str, title: str) -> str:
    """A published post by `username`; returns its address on the site."""
    output = django_shell(
        "from django.contrib.auth import get_user_model\n"
        "from blog.models import Post\n"
        f"author = get_user_model().objects.get(username={username!r})\n"
        f"post = Post.objects.create(title={title!r}, body='Some *words*.', author=author,"
        " status=Post.Status.PUBLISHED)\n"
        "print(post.get_absolute_url())\n",
        DATABASE_URL=url,
    )
    return output.strip().splitlines()[-1]


# --- The task worker ----------------------------------------------------------------------


@dataclass
class TaskWorker:
    """`with TaskWorker(variables) as worker:` — `manage.py db_worker` until the block ends."""

    variables: dict[str, str]
    log_path: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="tgdb-worker-", suffix=".log")[1])
    )
    process: subprocess.Popen | None = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def __enter__(self) -> "TaskWorker":
        command = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval=0.1"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, *command],
                env=environment(**self.variables),
                cwd=REPO_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=end_with_parent,  # stopped with the test, however that ends
            )
        return self

    def __exit__(self, *exc_info) -> None:
        stop_process(self.process)
        self.log_path.unlink(missing_ok=True)


# --- A browser-like HTTP client -----------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: Message
    text: str
    content: bytes = b""  # the body as sent, for answers that are not text

    def json(self):
        return json.loads(self.text)


def multipart(form: dict, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """`form` and `files` ({field: (file name, bytes)}) as a browser sends a form with files:
    the body and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in form.items()
    ]
    for name, (file_name, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Browser:
    """Sends the cookies it was given back to 127.0.0.1, whatever the port: like a browser,
    two servers on one host share its cookies."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        url: str,
        form: dict | None = None,
        timeout: float = REQUEST_TIMEOUT,
        files: dict[str, tuple[str, bytes]] | None = None,
        accept: str | None = None,
    ) -> Response:
        parts = urlsplit(url)
        headers = {"Host": parts.netloc}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if accept:
            headers["Accept"] = accept
        body = None
        if files is not None:
            body, headers["Content-Type"] = multipart(form or {}, files)
        elif form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            headers["Origin"] = f"{parts.scheme}://{parts.netloc}"  # as browsers send on POST
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        self._keep_cookies(answer.headers)
        return Response(answer.status, answer.headers, content.decode(errors="replace"), content)

    def _keep_cookies(self, headers: Message) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, url: str, timeout: float = REQUEST_TIMEOUT) -> Response:
        return self.request("GET", url, timeout=timeout)

    def post(self, url: str, form: dict) -> Response:
        return self.request("POST", url, form=form)

    def csrf_token(self, url: str) -> str:
        """The token of the form on the page at `url` (its cookie is kept on the way)."""
        page = self.get(url)
        found = CSRF_FIELD.search(page.text)
        assert found, f"no CSRF token on {url} ({page.status}):\n{page.text[:2000]}"
        return found.group(1)

    def submit(self, url: str, form: dict, page: str | None = None) -> Response:
        """POST `form` to `url` with the CSRF token from the form on `page` (default: `url`)."""
        token = self.csrf_token(page or url)
        return self.post(url, {**form, "csrfmiddlewaretoken": token})

    def upload(
        self, url: str, form: dict, files: dict[str, tuple[str, bytes]], page: str
    ) -> Response:
        """POST `form` and `files` to `url` as multipart/form-data, asking for JSON, with the
        CSRF token from the form on `page`."""
        token = self.csrf_token(page)
        form = {**form, "csrfmiddlewaretoken": token}
        return self.request("POST", url, form=form, files=files, accept="application/json")

    def sign_in(self, server_url: str, username: str, password: str) -> Response:
        return self.submit(
            f"{server_url}/cadmin/login/",
            {"username": username, "password": password, "next": "/cadmin/"},
        )


def poll(fetch, until, timeout: float = patience.CONDITION, pause: float = 0.2) -> Response:
    """Call `fetch()` until `until(response)` holds; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: Response | Exception | None = None
    while time.monotonic() < deadline:
        try:
            last = fetch()
        except (OSError, http.client.HTTPException) as error:
            last = error
        else:
            if until(last):
                return last
        time.sleep(pause)
    raise AssertionError(f"still not there after {timeout} s; last answer: {last!r}")


@dataclass
class Load:
    """`with Load(url, paths, threads=3) as load:` — readers requesting `paths` in turn from
    background threads until the block ends. Every answer lands in `responses`; a request
    that got no answer at all (a dropped connection) in `errors`."""

    base_url: str
    paths: tuple[str, ...] = ("/",)
    threads: int = 2
    pause: float = 0.02  # a little room for the servers on small machines
    responses: list[tuple[str, Response]] = field(default_factory=list)
    errors: list[tuple[str, Exception]] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _workers: list[threading.Thread] = field(default_factory=list)

    def _read(self) -> None:
        browser = Browser()
        while not self._stopping.is_set():
            for path in self.paths:
                try:
                    response = browser.get(f"{self.base_url}{path}")
                except (OSError, http.client.HTTPException) as error:
                    self.errors.append((path, error))
                else:
                    self.responses.append((path, response))
                self._stopping.wait(self.pause)

    def wait_for(self, count: int, timeout: float = patience.CONDITION) -> None:
        """Until at least `count` answers have come back in all."""
        deadline = time.monotonic() + timeout
        while len(self.responses) < count:
            assert time.monotonic() < deadline, (
                f"only {len(self.responses)} of {count} answers after {timeout} s; "
                f"errors: {self.errors[-3:]}"
            )
            time.sleep(0.05)

    def __enter__(self) -> "Load":
        for _ in range(self.threads):
            worker = threading.Thread(target=self._read, daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopping.set()
        for worker in self._workers:
            worker.join(timeout=REQUEST_TIMEOUT + 5)
