"""Load with wrk: finding (or installing) it, one run of it, and the plain HTTP the bench
needs around it (signing in for a session cookie, a CSRF token, checking a page first)."""

import http.client
import json
import math
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
# The same, with a query parameter of its own on every request: pages the cache never holds.
FRESH_SCRIPT = Path(__file__).with_name("fresh.lua")
RESULT_MARK = "BENCH_RESULT "
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# How long one answer is waited for, by the bench's own requests and by wrk, before it counts
# as an error: far longer than any page takes, so that on a machine busy with other work (where
# a password hashed at the lowest CPU priority can take many seconds) a slow answer is measured
# as slow rather than lost; only a server that stopped answering reaches it.
REQUEST_TIMEOUT = 120
ERROR_KINDS = ("connect", "read", "write", "status", "timeout")  # wrk's summary.errors
WRK_TIMEOUT = f"{REQUEST_TIMEOUT}s"
# A scenario none of whose requests was answered within its slices (each answer slower than a
# slice, as on a machine busy with other work) is given more slices, each twice as long as the
# one before, up to this many seconds in all: its figures are then slow ones rather than none,
# and only a page that never answers is an error.
PATIENCE_SECONDS = 128


class WrkMissing(RuntimeError):
    pass


def find_wrk() -> str:
    """wrk's path; installed from Debian's package when we are root and it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if os.geteuid() == 0 and apt:
        print("wrk is missing: installing the Debian package (apt-get install -y wrk)...")
        subprocess.run([apt, "install", "-y", "wrk"], check=False)  # noqa: S603
        found = shutil.which("wrk")
        if found:
            return found
    raise WrkMissing(
        "The benchmark needs wrk (an HTTP load generator). Install it with "
        "`sudo apt-get install wrk` (Debian/Ubuntu) or `brew install wrk` (macOS), then run "
        "`make bench` again."
    )


def wrk_version(wrk: str) -> str:
    result = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return (result.stdout or result.stderr).split("Copyright")[0].strip()


# --- One load run -------------------------------------------------------------------------


# The site's cookie naming a browser an account has signed in from (usersessions.devices).
DEVICE_COOKIE = "tgdb_device"


@dataclass(frozen=True)
class Request:
    url: str
    method: str = "GET"
    cookie: str = ""
    body: str | bytes = ""  # a form's fields; bytes for another type, named in `headers`
    # Sent from Python only (bench/ceremonies.py): the Host it names when not the URL's (the
    # connection still goes to the URL's address), and headers added or replaced.
    host: str = ""
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{self.host or parts.netloc}"


def run_wrk(
    wrk: str,
    request: Request,
    seconds: int,
    connections: int,
    script: Path = WRK_SCRIPT,
    variables: dict[str, str] | None = None,
) -> dict:
    """One wrk run of `connections` clients sending `request` for `seconds`: what wrk counted
    (requests, duration_us, the error kinds) and its latency histogram. Another `script` may
    vary the request (it loads wrk_report.lua, so it reads the same variables), with
    `variables` of its own, and report more fields."""
    threads = max(1, min(connections, os.cpu_count() or 1))
    command = [
        wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={WRK_TIMEOUT}",
        "-s", str(script), request.url,
    ]  # fmt: skip
    env = {
        **os.environ,
        "BENCH_METHOD": request.method,
        "BENCH_BODY": request.body,
        "BENCH_COOKIE": request.cookie,
        "BENCH_ORIGIN": request.origin,
        **(variables or {}),
    }
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    lines = [line for line in result.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return json.loads(lines[-1].removeprefix(RESULT_MARK))


def answered(runs: list[dict]) -> bool:
    """Whether any request of these runs was answered within its run."""
    return any(run["requests"] for run in runs)


def longer_slices(seconds: int) -> Iterator[int]:
    """The lengths of the extra slices of a scenario not yet answered: twice `seconds`, twice
    that, ... as long as they add up to no more than PATIENCE_SECONDS."""
    spent, length = 0, seconds * 2
    while spent + length <= PATIENCE_SECONDS:
        yield length
        spent, length = spent + length, length * 2


def percentile(histogram: Counter, share: float) -> float:
    """wrk's own rule, for every figure the bench reports: the smallest value that at least
    `share` of the samples met. `histogram` counts the samples of each value."""
    rank = math.floor(share * histogram.total() + 1)  # C's round(x + 0.5), as wrk computes it
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram, default=0)


def slices(seconds: int, most: int) -> tuple[int, int]:
    """How to cut `seconds` into turns taken in rounds: as many equal whole-second slices
    (wrk counts whole seconds) as divide it, at most `most`; (rounds, seconds of each)."""
    rounds = max(r for r in range(1, most + 1) if seconds % r == 0)
    return rounds, seconds // rounds


def summary(runs: list[dict]) -> dict:
    """rps, p50_ms, p99_ms and errors of one or more wrk runs taken together; errors are
    failed connections, timeouts and answers other than 2xx/3xx."""
    histogram: Counter = Counter()
    for run in runs:
        histogram.update(dict(run["histogram"]))
    requests = sum(run["requests"] for run in runs)
    duration_us = sum(run["duration_us"] for run in runs)
    error_kinds = {kind: sum(run[kind] for run in runs) for kind in ERROR_KINDS}
    return {
        "rps": round(requests / (duration_us / 1e6), 1),
        # Each slice's own, in the order taken: ratios pair the slices taken side by side.
        "slice_rps": [
            round(run["requests"] / (run["duration_us"] / 1e6), 1) if run["duration_us"] else None
            for run in runs
        ],
        "p50_ms": round(percentile(histogram, 0.50) / 1000, 2),
        "p99_ms": round(percentile(histogram, 0.99) / 1000, 2),
        "errors": sum(error_kinds.values()),
        "requests": requests,
        "error_kinds": error_kinds,
    }


def finished_row(row: dict, problem: str, memory_mb: float | None) -> dict:
    """A summary row with the workers' peak memory under it, and what was wrong with its page
    before the load, if anything."""
    row["worker_rss_mb"] = memory_mb
    if problem:
        # A page that answers the wrong thing is not measured at all: count it as an error.
        row["problem"] = problem
        row["errors"] += 1
    return row


def described(row: dict, problem: str) -> dict:
    """`row`, naming a problem seen under the load (already counted among its errors)."""
    if problem:
        row["problem"] = "; ".join(filter(None, (row.get("problem", ""), problem)))
    return row


def problems_seen(runs: list[dict], most: int = 3) -> str:
    """The commonest things found wrong with answers under the load (a ceremony's slices count
    them, bench/ceremonies.py), with how often each was seen; "" when none were."""
    seen: Counter = Counter()
    for run in runs:
        seen.update(run.get("problems", {}))
    return "; ".join(f"{text} ({count})" for text, count in seen.most_common(most))


def without_empty_latency(row: dict) -> dict:
    # wrk's empty histogram would read as 0 ms, the best figure there is, for the worst case.
    if not row["requests"]:
        row["p50_ms"] = row["p99_ms"] = None
    return row


def unanswered(row: dict, problem: str) -> dict:
    """A row of requests none of which was answered within the time: an error, as a wait that
    long would be in a browser, and no latency."""
    if not row["requests"]:
        row["errors"] += 1
        described(without_empty_latency(row), problem)
    return row


# --- Plain HTTP around the load -----------------------------------------------------------


@dataclass
class Answer:
    status: int
    location: str
    text: str
    cookies: dict[str, str]
    retry_after: str = ""  # a busy server's "try again in N seconds" (503, 429)


def fetch(request: Request) -> Answer:
    """One request as wrk sends it; the cookies the answer sets are returned, not kept."""
    return send(request)[0]


def send(request: Request) -> tuple[Answer, int]:
    """One request on a connection of its own (gunicorn's sync workers close every one, and wrk
    reconnects as well); the answer, and the microseconds from its first byte sent to the last
    byte of the answer read. As in wrk, connecting comes before that time starts."""
    parts = urlsplit(request.url)
    headers = {"Host": request.host or parts.netloc}
    if request.cookie:
        headers["Cookie"] = request.cookie
    if request.body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if request.method == "POST":
        headers["Origin"] = request.origin
    headers.update(request.headers)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT)
    try:
        connection.connect()
        started = time.perf_counter_ns()
        connection.request(request.method, target or "/", body=request.body or None,
                           headers=headers)  # fmt: skip
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        elapsed_us = (time.perf_counter_ns() - started) // 1000
    finally:
        connection.close()
    cookies = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        jar = SimpleCookie()
        jar.load(header)
        cookies.update({name: morsel.value for name, morsel in jar.items()})
    answer = Answer(
        response.status,
        response.headers.get("Location", ""),
        text,
        cookies,
        response.headers.get("Retry-After", ""),
    )
    return answer, elapsed_us


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def csrf_form(url: str, host: str = "") -> tuple[str, str]:
    """The CSRF cookie (as a Cookie header) and the form's token, from a GET of a form page;
    they stay valid together for any number of POSTs."""
    form_page = fetch(Request(url, host=host))
    found = CSRF_FIELD.search(form_page.text)
    if form_page.status != 200 or not found or "csrftoken" not in form_page.cookies:
        raise RuntimeError(f"no form with a CSRF token at {url} ({form_page.status})")
    return cookie_header({"csrftoken": form_page.cookies["csrftoken"]}), found.group(1)


def signed_in_form(url: str, session: str) -> tuple[Answer, str, str]:
    """A form page opened with a session's Cookie header: the page, the Cookie header to post
    it with (the session and the CSRF cookie) and the form's token; both "" when the page has
    no form with a token."""
    page = fetch(Request(url, cookie=session))
    token = CSRF_FIELD.search(page.text)
    if page.status != 200 or not token or "csrftoken" not in page.cookies:
        return page, "", ""
    csrf = cookie_header({"csrftoken": page.cookies["csrftoken"]})
    return page, f"{session}; {csrf}", token.group(1)


def sign_in_body(token: str, username: str, password: str, next_path: str) -> str:
    """A sign-in form's fields, with the CSRF token of `csrf_form`."""
    fields = {"username": username, "password": password, "next": next_path}
    return urlencode({"csrfmiddlewaretoken": token, **fields})


def sign_in_request(base_url: str, path: str, username: str, password: str, next_path: str):
    """The POST of a valid sign-in form at `path`, with the CSRF cookie and token from a GET
    of the form; it can be sent again and again (the token stays valid for that cookie).

    It comes from a returning author's browser: one sign-in first, whose device cookie every
    later one carries, so the load measures a known browser rather than a new one each time
    (each new one would be a new-browser notice to its account).
    """
    cookie, token = csrf_form(f"{base_url}{path}")
    body = sign_in_body(token, username, password, next_path)
    first = fetch(Request(f"{base_url}{path}", method="POST", cookie=cookie, body=body))
    cookie = with_device_cookie(cookie, first)
    return Request(f"{base_url}{path}", method="POST", cookie=cookie, body=body)


def with_device_cookie(cookie: str, answer: "Answer") -> str:
    """`cookie` plus the device cookie `answer` set, if it set one."""
    device = answer.cookies.get(DEVICE_COOKIE)
    if not device or f"{DEVICE_COOKIE}=" in cookie:
        return cookie
    return f"{cookie}; {cookie_header({DEVICE_COOKIE: device})}"


def session_cookie(sign_in: Request) -> str:
    """Sign in once; the Cookie header of the session it started."""
    answer = fetch(sign_in)
    if answer.status != 302 or "sessionid" not in answer.cookies:
        raise RuntimeError(f"signing in at {sign_in.url} answered {answer.status}, no session")
    return cookie_header({"sessionid": answer.cookies["sessionid"]})


def check(request: Request, expected_location: str = "") -> str:
    """What is wrong with the answer to `request` before it is measured, or "" if nothing:
    a page must answer 200, a sign-in must redirect to `expected_location`."""
    return problem_with(fetch(request), expected_location)


def problem_with(answer: Answer, expected_location: str = "") -> str:
    """What is wrong with `answer`, or "" if nothing: see `check`."""
    if expected_location:
        if answer.status == 302 and answer.location == expected_location:
            return ""
        got = f"{answer.status} {answer.location}".rstrip()
        return f"expected a 302 to {expected_location}, got {got}"
    if answer.status == 200:
        return ""
    return f"expected 200, got {answer.status} {answer.location}".rstrip()
