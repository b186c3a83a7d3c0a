"""The SQLite backend (tgdb/sqlite/base.py) sets a request's turn aside while it waits for the
write lock or the disk, and never for a read: attacked by holding the write lock from another
connection while a request that holds its turn writes, and checking whether the request next
in line gets the turn meanwhile."""

import contextlib
import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.db import connections

from tests import patience
from tests.processes import wait_until
from tgdb.sqlite.base import DatabaseWrapper

# The notes database below is a file of its own, opened by its own wrapper, beside the test
# database this mark allows.
pytestmark = pytest.mark.django_db

# Seconds: how long a request waits for a turn (the `turns` fixture); SQLite's busy wait is
# twice as long, so a test whose request keeps its turn while it waits for the lock fails on
# the turn first.
PATIENT = patience.TURN


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "notes.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE note (words TEXT)")
    return path


@contextmanager
def database(path):
    settings_dict = {**connections.settings["default"], "NAME": str(path)}
    settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "timeout": 2 * PATIENT}
    wrapper = DatabaseWrapper(settings_dict, alias="notes")
    wrapper.inc_thread_sharing()  # used by the request's thread
    try:
        yield wrapper
    finally:
        wrapper.close()
        wrapper.dec_thread_sharing()


def write_lock_taken(path) -> sqlite3.Connection:
    """Another process's writer, as SQLite sees it: a connection in a write transaction (until
    it is rolled back)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def given_up(writer: sqlite3.Connection) -> None:
    """The other writer's transaction rolled back and its connection closed (once)."""
    with contextlib.suppress(sqlite3.ProgrammingError):  # closed already
        writer.execute("ROLLBACK")
    writer.close()


@contextmanager
def in_its_turn(turns, work):
    """`work` run in a thread as a request holding its turn; yields the thread's outcome."""
    outcome: list = []

    def request() -> None:
        with turns.turn():
            outcome.append(work())

    thread = threading.Thread(target=request, daemon=True)
    thread.start()
    try:
        yield outcome
    finally:
        thread.join(timeout=PATIENT * 2)
        assert not thread.is_alive()


def next_in_line_gets_a_turn(turns) -> bool:
    """Whether another request asking now is given a turn (waiting at most PATIENT)."""
    if turns.take():
        turns.give_back()
        return True
    return False


def test_a_transaction_waiting_for_the_write_lock_lets_the_next_request_have_its_turn(turns, path):
    with database(path) as db:

        def write() -> str:
            db.ensure_connection()
            db._start_transaction_under_autocommit()  # BEGIN IMMEDIATE, as atomic() begins
            db.cursor().execute("INSERT INTO note VALUES ('first')")
            db.commit()
            return "written"

        assert waiting_writer_lets_the_next_request_in(turns, path, write) == ["written"]


def test_a_write_of_its_own_waiting_for_the_lock_lets_the_next_request_have_its_turn(turns, path):
    with database(path) as db:

        def write() -> str:
            db.cursor().execute("INSERT INTO note VALUES ('on its own')")
            return "written"

        assert waiting_writer_lets_the_next_request_in(turns, path, write) == ["written"]


def waiting_writer_lets_the_next_request_in(turns, path, write) -> list:
    """What `write` gave, run as a request holding its turn while another connection holds
    the write lock; the next request in line must get its turn meanwhile."""
    other_writer = write_lock_taken(path)
    started = threading.Event()

    def request() -> str:
        started.set()
        return write()

    try:
        with in_its_turn(turns, request) as outcome:
            assert started.wait(PATIENT)
            assert next_in_line_gets_a_turn(turns)
            assert outcome == []  # the writer still waits for the lock
            given_up(other_writer)
    finally:
        given_up(other_writer)
    return outcome


def test_a_read_keeps_its_turn(turns, path):
    other_writer = write_lock_taken(path)
    with database(path) as db:
        read_done, may_end = threading.Event(), threading.Event()

        def read() -> int:
            count = db.cursor().execute("SELECT COUNT(*) FROM note").fetchone()[0]
            read_done.set()
            may_end.wait(PATIENT)
            return count

        asked: list[bool] = []
        with in_its_turn(turns, read) as outcome:
            assert read_done.wait(PATIENT)  # WAL: a read waits for no writer
            asker = threading.Thread(target=lambda: asked.append(turns.take()), daemon=True)
            asker.start()
            assert wait_until(lambda: turns.waiting == 1)  # the reader still holds the turn
            may_end.set()
            asker.join(PATIENT)
        turns.give_back()
    given_up(other_writer)
    assert outcome == [0]
    assert asked == [True]
