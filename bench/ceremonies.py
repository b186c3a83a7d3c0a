"""Sign-ins of more than one request, sent from Python and reported in wrk's own form.

wrk measures the password sign-ins by sending one valid POST again and again. Two sign-ins
cannot be measured that way:

- `passkey_login` is two requests: "begin" answers a challenge and keeps it in the session, and
  "complete" must carry a signature over that very challenge. wrk's Lua could chain the two
  requests, but it has no ECDSA to sign with, so bench/authenticator.py signs here.
- `login_second_step` posts an authenticator app's code, which django-otp takes once per
  account and 30-second step, after a password step that started a half-way session.

So these are sent from here, under the rules of the wrk sign-ins:

- one at a time, each over a connection of its own (gunicorn's sync workers close every
  connection, so wrk reconnects too), in the same alternating slices as the other sign-ins and
  the hash floor, each slice lasting the same wall-clock seconds;
- each request is timed in whole microseconds from its first byte sent to the last byte of the
  answer read, connecting excluded, as wrk times it (load.send);
- a slice is returned as a wrk run is (requests, duration_us, the error kinds and the latency
  histogram), so slices are pooled and p50/p99 read by the same rule (load.summary);
- every answer is checked, not only its status: a sign-in that does not land where it should
  is an error (counted as wrk counts a bad status), so every measured sign-in is a real one.

What one sample is:

- `passkey_login`: begin + complete, their two round trips added up. Signing between them is the
  authenticator's work (well under a millisecond here, seconds for a person touching a key),
  not the server's, and is left out.
- `login_second_step`: the code's POST alone. Each needs a password step first (a new half-way
  session and one Argon2 check); it is sent untimed and measured on its own, by wrk, as
  `login_password_step_2fa`. A slice therefore holds fewer samples than a wrk slice.

A row's requests/s is the samples per second of timed requests: what one client finishing
sign-ins back to back would get from the server.
"""

import json
import time
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django_otp.oath import hotp

from . import load
from .authenticator import Authenticator
from .load import Request
from .scenarios import (
    CODE_ACCOUNTS,
    PASSKEY,
    PASSKEY_USER,
    PASSWORD,
    RP_ID,
    SECOND_STEP,
    Scenario,
    app_key,
)

TOTP_STEP = 30  # seconds: django-otp's default, which the bench's devices keep
SIGN_IN_PAGE = "/cadmin/login/"  # where the password step before the code is posted
PROBLEM_KIND = "status"  # a wrong answer is reported as wrk reports a non-2xx/3xx one


class Ceremony:
    """One sign-in of several requests: `once()` sends one, `run(seconds)` a slice of them."""

    def __init__(self, scenario: Scenario, base_url: str) -> None:
        self.scenario = scenario
        self.base_url = base_url

    def once(self) -> tuple[int | None, str]:
        """One sign-in: its timed microseconds (None if it never got that far) and what was
        wrong with it ("" if nothing)."""
        raise NotImplementedError

    def check(self) -> str:
        """What is wrong with one sign-in before the load, as load.check tells of a page."""
        return self.once()[1]

    def run(
        self, seconds: float, stop: Callable[[], bool] = lambda: False, every: float = 0
    ) -> dict:
        """Sign-ins one after another for `seconds` (each starting `every` seconds after the one
        before, or at once), or until `stop()` says the load they are measured under has ended,
        as one wrk run reports them; with `problems`, how often each thing was wrong."""
        histogram: Counter = Counter()
        problems: Counter = Counter()
        errors = dict.fromkeys(load.ERROR_KINDS, 0)
        requests = timed_us = 0
        deadline = time.monotonic() + seconds
        next_start = time.monotonic()
        while next_start < deadline and not stop():
            time.sleep(max(0.0, next_start - time.monotonic()))
            next_start = time.monotonic() + every
            try:
                elapsed_us, problem = self.once()
            except TimeoutError:
                elapsed_us, problem = None, "timeout"
                errors["timeout"] += 1
            except OSError as error:
                elapsed_us, problem = None, f"connection: {error}"
                errors["connect"] += 1
            else:
                errors[PROBLEM_KIND] += bool(problem)
            if problem:
                problems[problem] += 1
            if elapsed_us is not None:
                histogram[elapsed_us] += 1
                requests += 1
                timed_us += elapsed_us
        return {
            "requests": requests,
            "duration_us": max(timed_us, 1),
            **errors,
            "histogram": sorted(histogram.items()),
            "problems": dict(problems),
        }


class PasskeySignIn(Ceremony):
    """Password-free, on the dashboard's door, as its sign-in page's passkey button does it."""

    def __init__(self, scenario: Scenario, base_url: str) -> None:
        super().__init__(scenario, base_url)
        # The page's address names the relying party: passkeys are refused on an IP address.
        self.host = f"{RP_ID}:{urlsplit(base_url).port}"
        self.origin = f"http://{self.host}"
        self.authenticator = Authenticator.for_user(PASSKEY_USER)
        self.csrf_cookie, token = load.csrf_form(f"{base_url}{SIGN_IN_PAGE}", host=self.host)
        self.csrf_header = ("X-CSRFToken", token)
        self.browser_cookie = self.csrf_cookie  # plus the device cookie once it is set
        query = urlencode({"door": "cadmin", "next": scenario.next_path})
        self.begin_url = f"{base_url}{scenario.path}begin/"
        self.complete_url = f"{base_url}{scenario.path}complete/?{query}"

    def once(self) -> tuple[int | None, str]:
        # Each sign-in arrives signed out: the CSRF and device cookies, no session yet.
        begin, begin_us = load.send(
            Request(
                self.begin_url,
                method="POST",
                cookie=self.browser_cookie,
                host=self.host,
                headers=(self.csrf_header, ("Accept", "application/json")),
            )
        )
        if begin.status != 200 or "sessionid" not in begin.cookies:
            return begin_us, f"begin answered {begin.status} {begin.text[:200]}"
        credential = self.authenticator.assertion(json.loads(begin.text), self.origin)
        # The session keeps the challenge between the two requests.
        cookie = f"{self.browser_cookie}; sessionid={begin.cookies['sessionid']}"
        complete, complete_us = load.send(
            Request(
                self.complete_url,
                method="POST",
                cookie=cookie,
                body=json.dumps(credential),
                host=self.host,
                headers=(self.csrf_header, ("Content-Type", "application/json")),
            )
        )
        elapsed_us = begin_us + complete_us
        self.browser_cookie = load.with_device_cookie(self.browser_cookie, complete)
        if complete.status != 200 or "sessionid" not in complete.cookies:
            return elapsed_us, f"complete answered {complete.status} {complete.text[:200]}"
        landing = json.loads(complete.text).get("redirect_url")
        if landing != self.scenario.next_path:
            return elapsed_us, f"signed in, but sent to {landing!r}"
        return elapsed_us, ""


class AppCodes:
    """The app codes of CODE_ACCOUNTS, each account's code of a 30-second step used once."""

    def __init__(self, accounts=CODE_ACCOUNTS, clock=time.time, sleep=time.sleep) -> None:
        self.accounts = accounts
        self.clock, self.sleep = clock, sleep
        self.turn = 0
        self.last_step: dict[str, int] = {}  # per account: the step of the code it last took

    def step(self) -> int:
        return int(self.clock()) // TOTP_STEP

    def account(self) -> str:
        """An account whose code of the current step is unused, in turn; if every account has
        used its code of this step, after waiting (untimed) for the next one."""
        while True:
            step = self.step()
            for _ in self.accounts:
                username = self.accounts[self.turn]
                self.turn = (self.turn + 1) % len(self.accounts)
                if self.last_step.get(username, -1) < step:
                    return username
            self.sleep(TOTP_STEP - self.clock() % TOTP_STEP + 0.01)

    def code(self, username: str) -> str:
        """The account's code of this moment, as its phone would show it."""
        step = self.step()
        self.last_step[username] = step
        return f"{hotp(app_key(username), step):06d}"


class SecondStep(Ceremony):
    """A password step of a bench_code_* account (untimed), then its app code (timed)."""

    def __init__(self, scenario: Scenario, base_url: str) -> None:
        super().__init__(scenario, base_url)
        self.csrf_cookie, self.token = load.csrf_form(f"{base_url}{SIGN_IN_PAGE}")
        self.browser_cookie = self.csrf_cookie  # plus the device cookie once it is set
        self.codes = AppCodes()

    def once(self) -> tuple[int | None, str]:
        username = self.codes.account()
        body = load.sign_in_body(self.token, username, PASSWORD, self.scenario.next_path)
        password = load.fetch(
            Request(
                f"{self.base_url}{SIGN_IN_PAGE}",
                method="POST",
                cookie=self.browser_cookie,
                body=body,
            )
        )
        if password.location != self.scenario.path or "sessionid" not in password.cookies:
            return None, f"the password step answered {password.status} {password.location}"
        cookie = f"{self.browser_cookie}; sessionid={password.cookies['sessionid']}"
        body = urlencode(
            {"csrfmiddlewaretoken": self.token, "otp_token": self.codes.code(username)}
        )
        answer, elapsed_us = load.send(
            Request(f"{self.base_url}{self.scenario.path}", method="POST", cookie=cookie, body=body)
        )
        self.browser_cookie = load.with_device_cookie(self.browser_cookie, answer)
        if answer.status != 302 or answer.location != self.scenario.next_path:
            return elapsed_us, f"the code answered {answer.status} {answer.location}".rstrip()
        return elapsed_us, ""


CEREMONIES = {PASSKEY: PasskeySignIn, SECOND_STEP: SecondStep}


def start(scenario: Scenario, base_url: str) -> Ceremony:
    return CEREMONIES[scenario.ceremony](scenario, base_url)
