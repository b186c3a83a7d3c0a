"""`make profile` on the bench's own terms: it runs with the secret key the bench's server runs
with, and the sessions it finds in the bench's database are all there after it. On a database
bench.prepare filled, as the bench does, with no server: the profile of one page."""

import contextlib
import sqlite3
from dataclasses import replace

import pytest

from bench.__main__ import parse
from bench.run import Bench
from bench.scenarios import SESSIONS_LISTED, SESSIONS_USER
from tests.processes import python
from tests.test_bench import profile

# The sessions the store holds, and those the accounts' session lists name.
STORED = "SELECT session_key FROM django_session"
LISTED = "SELECT session_key FROM usersessions_usersession"


def bench(database) -> Bench:
    return Bench(replace(parse([]), database_url=f"sqlite:///{database}"), wrk="")


@pytest.fixture(scope="module")
def bench_database(tmp_path_factory):
    """A bench database of a few posts, its sessions signed in from many browsers among them."""
    database = tmp_path_factory.mktemp("bench") / "bench.sqlite3"
    bench(database).prepare(5)
    return database


def sessions(database) -> tuple[set[str], set[str]]:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return tuple({key for (key,) in connection.execute(query)} for query in (STORED, LISTED))


def test_the_profile_runs_with_the_secret_key_of_the_benchs_server(bench_database):
    profiled = python(
        "import sys; from django.conf import settings; from bench.profile import main;"
        "answer = main(['/', '--requests', '1']); print(settings.SECRET_KEY); sys.exit(answer)",
        DATABASE_URL=f"sqlite:///{bench_database}",
    )

    assert profiled.returncode == 0, profiled.stderr
    server = bench(bench_database).variables()
    assert profiled.stdout.splitlines()[-1] == server["DJANGO_SECRET_KEY"]


def test_every_session_in_the_bench_database_is_still_there_after_a_profile(bench_database):
    stored, listed = sessions(bench_database)
    assert len(listed) == SESSIONS_LISTED - 1

    # The sessions page reads each listed session and drops those it cannot: with any other
    # key than the bench's, every one of them.
    profiled = profile(bench_database, "/cadmin/sessions/", "--as", SESSIONS_USER)

    assert profiled.returncode == 0, profiled.stderr
    assert "/cadmin/sessions/: 5 requests" in profiled.stdout
    assert sessions(bench_database) == (stored, listed)
