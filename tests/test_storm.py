"""Sign-in under attack, on a real gunicorn started as production starts it: while attackers
post wrong passwords for made-up usernames, each from an address of its own, readers still get
every page and file they ask for, and an author on a browser the site knows still signs in.

The storm is bounded by counts (each attacker stops at ATTEMPTS, the readers once READ_AT_LEAST
answers are in and the author has signed in) and by STORM_LIMIT as a safety net. No timing is
asserted: on a site that holds, the storm lasts a few seconds.
"""

import http.client
import ipaddress
import itertools
import json
import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.management.utils import get_random_secret_key

from bench import load
from bench.load import Request
from bench.server import children
from tests import patience
from tests.processes import (
    is_running,
    manage,
    printed_json,
    production,
    python,
    wait_until,
)
from tests.servers import (
    Browser,
    Gunicorn,
    Load,
    create_published_post,
    create_user,
    django_shell,
    migrate,
    production_environment,
)

pytestmark = pytest.mark.own_services

AUTHOR = "storm_author"
PASSWORD = "Quiet-river-crossing-42"
WRONG_PASSWORD = "Not-the-password-42"
WRONG_CREDENTIALS = "Wrong username, e-mail or password."
DEVICE_COOKIE = "tgdb_device"
ATTACKERS = 6  # threads
ATTEMPTS = 300  # at most, per attacker thread: the storm must outlast what it is measured by
READERS = 6  # threads
READ_AT_LEAST = 48  # answers to the readers, in all, while the storm is on
STORM_LIMIT = patience.CONDITION  # seconds: only a site that falls over gets near it
ATTACKER_ANSWERS = {200, 429, 503}  # wrong password, paused, busy
STORM_NETWORK = ipaddress.ip_network("198.18.0.0/15")  # set aside for benchmarks (RFC 2544)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/[^"]+)"')
EVENTS_FROM_THE_STORM = """
import json
from accounts.models import AccountEvent
events = AccountEvent.objects.filter(ip_address__startswith="198.1")
print(json.dumps([[event.kind, event.ip_address] for event in events]))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(server, database URL): gunicorn with deploy/gunicorn.conf.py and 2 workers, on a
    throw-away SQLite database with an author and a post, behind one trusted proxy."""
    database = f"sqlite:///{tmp_path_factory.mktemp('storm') / 'db.sqlite3'}"
    migrate(database)
    create_user(database, AUTHOR, PASSWORD)
    create_published_post(database, AUTHOR, "Still readable")
    # As `make serve` does before it starts gunicorn: WhiteNoise serves the collected files.
    collected = manage("collectstatic", "--noinput", "--verbosity", "0")
    assert collected.returncode == 0, collected.stderr
    variables = {
        **production_environment(database, get_random_secret_key(), workers=2),
        # X-Forwarded-For names the client: each attack comes from an address of its own.
        "TGDB_TRUSTED_PROXIES": "1",
    }
    with Gunicorn(variables) as server:
        yield server, database


@dataclass
class Attack(Load):
    """`with Attack(url) as attack:` — ATTACKERS threads posting wrong passwords to the
    dashboard's sign-in page until the block ends (or ATTEMPTS each, or STORM_LIMIT): the
    readers' background threads (tests.servers.Load), sending attacks instead. `responses`
    holds (the address it came from, the answer)."""

    threads: int = ATTACKERS
    pause: float = 0
    _numbers: Iterator[int] = field(default_factory=itertools.count)

    def _read(self) -> None:
        number = next(self._numbers)  # each thread's addresses and names are its own
        # The CSRF cookie and token once, as a script that fetched the form first has them.
        url = f"{self.base_url}/cadmin/login/"
        cookie, token = load.csrf_form(url)
        deadline = time.monotonic() + STORM_LIMIT
        for attempt in range(ATTEMPTS):
            if self._stopping.is_set() or time.monotonic() > deadline:
                return
            # Every other name is shared by all the attackers: those come back again and again.
            name = f"made_up_{attempt % 3}" if attempt % 2 else f"made_up_{number}_{attempt}"
            address = str(STORM_NETWORK[number * ATTEMPTS + attempt + 1])
            body = load.sign_in_body(token, name, WRONG_PASSWORD, "/cadmin/")
            headers = (("X-Forwarded-For", address),)
            request = Request(url, method="POST", cookie=cookie, body=body, headers=headers)
            try:
                self.responses.append((address, load.fetch(request)))
            except (OSError, http.client.HTTPException) as error:
                self.errors.append((address, error))

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._workers)


def known_browser(server_url: str) -> Browser:
    """An author's browser that signed in once and signed out: it keeps the device cookie."""
    browser = Browser()
    signed_in = browser.sign_in(server_url, AUTHOR, PASSWORD)
    assert (signed_in.status, signed_in.headers["Location"]) == (302, "/cadmin/"), signed_in.text
    signed_out = browser.submit(f"{server_url}/cadmin/logout/", {}, page=f"{server_url}/cadmin/")
    assert signed_out.status == 200
    assert "sessionid" not in browser.cookies
    assert DEVICE_COOKIE in browser.cookies
    return browser


def stylesheet_path(server_url: str) -> str:
    home = Browser().get(f"{server_url}/")
    found = STYLESHEET.search(home.text)
    assert home.status == 200 and found, home.text[:2000]
    return found.group(1)


def test_readers_and_a_known_browser_get_through_a_storm_of_wrong_passwords(site):
    server, _ = site
    browser = known_browser(server.url)
    paths = ("/", "/healthz", stylesheet_path(server.url))

    with Attack(server.url) as attack, Load(server.url, paths, threads=READERS) as readers:
        # The storm is on: every attacker has had an answer, or the attack is over already.
        attack.wait_for(ATTACKERS, timeout=STORM_LIMIT)
        signed_in = browser.sign_in(server.url, AUTHOR, PASSWORD)
        dashboard = browser.get(f"{server.url}/cadmin/")
        readers.wait_for(READ_AT_LEAST, timeout=STORM_LIMIT)
        storm_outlasted_them = attack.running

    assert (signed_in.status, signed_in.headers.get("Location")) == (302, "/cadmin/"), (
        signed_in.status,
        signed_in.text[:2000],
    )
    assert dashboard.status == 200
    assert f"Welcome {AUTHOR}" in dashboard.text
    # Every reader's request was answered, and answered in full.
    assert readers.errors == []
    assert len(readers.responses) >= READ_AT_LEAST
    assert {path for path, _ in readers.responses} == set(paths)
    assert [(path, r.status) for path, r in readers.responses if r.status != 200] == []
    # The attackers got a wrong password page, a pause or a "busy, try again": nothing else.
    assert storm_outlasted_them  # the sign-in and every read counted were made under attack
    assert attack.errors == []
    statuses = {answer.status for _, answer in attack.responses}
    assert statuses <= ATTACKER_ANSWERS, statuses
    for _, answer in attack.responses:
        if answer.status == 200:
            assert WRONG_CREDENTIALS in answer.text
        if answer.status == 503:
            assert answer.retry_after.isdigit()


def failed_from(attack: Attack) -> set[str]:
    """The addresses of the attacks answered with a wrong password page."""
    return {address for address, answer in attack.responses if answer.status == 200}


def test_each_attack_counted_against_the_address_it_came_from(site):
    """The storm above was what it claims: the site saw every wrong password from the address
    in its X-Forwarded-For, not from the one loopback peer."""
    server, database = site
    with Attack(server.url) as attack:
        assert wait_until(lambda: failed_from(attack), timeout=STORM_LIMIT)
    failed = failed_from(attack)

    events = json.loads(
        django_shell(EVENTS_FROM_THE_STORM, DATABASE_URL=database).strip().splitlines()[-1]
    )

    assert failed
    recorded = {address for kind, address in events if kind == "sign_in_failed"}
    assert failed <= recorded
    assert all(ipaddress.ip_address(address) in STORM_NETWORK for _, address in events)
    assert "signed_in" not in {kind for kind, _ in events}


def niceness(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_each_worker_hashes_in_a_process_of_its_own_at_the_lowest_priority(site):
    server, _ = site
    workers = server.worker_pids()

    assert len(workers) == 2
    for worker in workers:
        # Its hashing process (and multiprocessing's resource tracker beside it), below it.
        assert niceness(worker) < 19
        # Started beside the first requests rather than before them.
        assert wait_until(lambda worker=worker: 19 in map(niceness, children(worker)))


def test_a_stopped_server_leaves_no_hashing_process_behind(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(database)
    with Gunicorn(production_environment(database, get_random_secret_key(), workers=2)) as server:
        assert wait_until(lambda: len(server.working_pids()) > len(server.worker_pids()))
        started = server.working_pids()

    assert wait_until(lambda: not any(map(is_running, started)))


def test_a_worker_killed_outright_leaves_no_hashing_process_behind(tmp_path):
    """As gunicorn kills a worker stuck past its timeout, or the kernel one out of memory: the
    worker gets no chance to stop its hashing processes, and they end by themselves."""
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(database)
    with Gunicorn(production_environment(database, get_random_secret_key(), workers=1)) as server:
        (worker,) = server.worker_pids()
        # Its hashing process, and multiprocessing's resource tracker.
        assert wait_until(lambda: len(server.working_pids()) > 1)
        its_processes = server.working_pids() - {worker}

        os.kill(worker, signal.SIGKILL)

        assert wait_until(lambda: not any(map(is_running, its_processes)))
        # The worker that replaced it has hashing processes of its own.
        assert server.wait_for_workers(lambda pids: pids and worker not in pids)
        assert wait_until(lambda: len(server.working_pids()) > len(server.worker_pids()))


LOADED_AND_FROZEN = """
import gc, json, runpy, sys
import django
django.setup()
before = gc.get_freeze_count()
runpy.run_path("deploy/gunicorn.conf.py")["load_and_freeze"]()
print(json.dumps({"before": before, "frozen": gc.get_freeze_count(),
                  "walked": len(gc.get_objects()), "views": "cadmin.views" in sys.modules}))
"""


def test_the_master_loads_every_view_and_freezes_what_is_loaded_before_a_worker_starts():
    """Full garbage collections in a worker then walk only what requests made since: the frozen
    objects (all of Django, the site's code) are never walked again, so no page waits for
    that."""
    started = printed_json(python(LOADED_AND_FROZEN, **production()))

    assert started["before"] == 0
    assert started["views"]
    # What a full collection still walks, beside what it no longer does.
    assert started["walked"] < started["frozen"] / 100
