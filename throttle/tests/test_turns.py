"""Requests take turns at a worker's Python, first come first served; a request steps aside
while its password is checked; a turn held too long holds the line up no longer than the
setting says."""

import io
import socket
import threading
from contextlib import contextmanager
from functools import partial
from wsgiref.util import setup_testing_defaults

import pytest

from tests.processes import wait_until
from throttle.gate import Gate
from throttle.turns import (
    ANSWERED_IN_TURN_BYTES,
    HEADERS_BYTES,
    TakingTurns,
    Turns,
    request_turns,
    stepped_aside,
)

# Long enough that no test ends by it unless the behaviour under test is broken.
PATIENT = 60.0


@contextmanager
def running(target, *args):
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        thread.join(timeout=PATIENT)
        assert not thread.is_alive()


def test_turns_come_in_the_order_they_were_asked_for():
    turns = Turns(1, PATIENT)
    order = []

    def in_turn(number: int) -> None:
        with turns.turn():
            order.append(number)

    assert turns.take()
    threads = []
    for number in range(6):
        thread = threading.Thread(target=in_turn, args=(number,), daemon=True)
        thread.start()
        threads.append(thread)
        assert wait_until(lambda n=number: turns.waiting == n + 1)
    turns.give_back()
    for thread in threads:
        thread.join(timeout=PATIENT)
    assert order == [0, 1, 2, 3, 4, 5]
    assert turns.waiting == 0


def test_a_turn_given_back_goes_to_the_line_not_to_a_newcomer():
    turns = Turns(1, 0.05)
    assert turns.take()
    handed = threading.Event()
    release = threading.Event()

    def waiter() -> None:
        with turns.turn():
            handed.set()
            release.wait(PATIENT)

    with running(waiter):
        assert wait_until(lambda: turns.waiting == 1)
        turns.give_back()
        assert handed.wait(PATIENT)
        # The waiter holds the only turn now: a newcomer waits, and goes ahead without one.
        assert turns.take() is False
        release.set()
    assert turns.take() is True


def test_several_at_once_when_the_setting_says_so():
    turns = Turns(2, 0.05)
    assert turns.take()
    assert turns.take()
    assert turns.take() is False
    turns.give_back()
    assert turns.take() is True


def test_a_turn_held_too_long_holds_the_line_up_only_for_the_wait():
    turns = Turns(1, 0.2)
    assert turns.take()  # held, say, by a request waiting for the database's lock
    went_ahead = []
    with running(lambda: went_ahead.append(turns.take())):
        pass
    assert went_ahead == [False]
    assert turns.waiting == 0  # it left the line
    turns.give_back()
    assert turns.take() is True  # and did not take the holder's turn with it


def test_a_request_that_steps_aside_lets_the_next_one_in_and_queues_again():
    turns = Turns(1, PATIENT)
    aside = threading.Event()
    done_waiting = threading.Event()
    back_in_turn = threading.Event()

    def request() -> None:
        with turns.turn():
            with stepped_aside():
                aside.set()
                done_waiting.wait(PATIENT)
            back_in_turn.set()

    with running(request):
        assert aside.wait(PATIENT)
        assert turns.take() is True  # the turn it stepped out of
        done_waiting.set()
        # It waits for a turn again, behind the request that took its place.
        assert wait_until(lambda: turns.waiting == 1)
        assert not back_in_turn.is_set()
        turns.give_back()
    assert back_in_turn.is_set()
    assert turns.take() is True  # given back at its end: the turn is free again
    turns.give_back()


def test_stepping_aside_without_a_turn_changes_nothing():
    turns = Turns(1, PATIENT)
    with stepped_aside():
        assert turns.take() is True


def test_a_password_check_runs_out_of_turn():
    """While one request's password is hashed, the next request has its turn."""
    turns = Turns(1, PATIENT)
    gate = Gate(open_slots=1, known_slots=1, most_waiting=4, wait_seconds=PATIENT)
    hashing = threading.Event()
    hashed = threading.Event()

    def slow_hash() -> bool:
        hashing.set()
        return hashed.wait(PATIENT)

    def sign_in(known: bool) -> None:
        with turns.turn():
            gate.check(slow_hash, known=known)

    try:
        for known in (True, False):
            hashing.clear()
            hashed.clear()
            with running(partial(sign_in, known)):
                assert hashing.wait(PATIENT)
                # Without stepping aside, this would wait out PATIENT and get False.
                assert turns.take() is True
                turns.give_back()
                hashed.set()
    finally:
        gate.close()


@pytest.mark.django_db(transaction=True)
def test_the_site_s_wsgi_application_serves_each_request_in_its_turn(settings):
    from tgdb.wsgi import application

    settings.TGDB_TURN_WAIT_SECONDS = PATIENT
    request_turns.cache_clear()
    environ = {"PATH_INFO": "/healthz", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    statuses = []

    def serve() -> None:
        body = application(environ, lambda status, headers: statuses.append(status))
        b"".join(body)

    turns = request_turns()
    try:
        assert turns.take()  # another request's turn
        with running(serve):
            assert wait_until(lambda: turns.waiting == 1)
            assert statuses == []
            turns.give_back()
        assert statuses == ["200 OK"]
    finally:
        request_turns.cache_clear()


# --- Answers written in the turn --------------------------------------------------------------


class Answer(list):
    """A WSGI answer that says whether the server closed it."""

    closed = False

    def close(self) -> None:
        self.closed = True


def answering(body: bytes, with_length: bool = True) -> TakingTurns:
    def application(environ, start_response):
        headers = [("Content-Type", "text/plain")]
        if with_length:
            headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return Answer([body])

    return TakingTurns(application)


def asked(application: TakingTurns):
    environ = {"PATH_INFO": "/", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    return application(environ, lambda status, headers: None)


@contextmanager
def newcomer(turns: Turns):
    """Another request asking for a turn; yields what it got (True once it has one)."""
    got: list[bool] = []

    def ask() -> None:
        got.append(turns.take())
        if got[-1]:
            turns.give_back()

    with running(ask):
        yield got


def test_a_short_answer_is_written_before_its_turn_is_given_back(turns):
    body = asked(answering(b"x" * ANSWERED_IN_TURN_BYTES))
    with newcomer(turns) as got:
        assert wait_until(lambda: turns.waiting == 1)
        assert got == []
        assert b"".join(body) == b"x" * ANSWERED_IN_TURN_BYTES
        assert wait_until(lambda: got == [True])


@pytest.mark.parametrize(
    "application",
    [answering(b"x" * (ANSWERED_IN_TURN_BYTES + 1)), answering(b"short", with_length=False)],
    ids=["longer", "of unknown length"],
)
def test_a_longer_answer_gives_its_turn_back_before_it_is_written(turns, application):
    body = asked(application)
    with newcomer(turns) as got:
        assert wait_until(lambda: got == [True])
    b"".join(body)


def test_an_answer_closed_unwritten_gives_its_turn_back(turns):
    body = asked(answering(b"short"))  # the client went away before it was written
    body.close()
    with newcomer(turns) as got:
        assert wait_until(lambda: got == [True])
    assert body.answer.closed


@pytest.fixture
def client_socket():
    """The server's end of a loopback connection, as gunicorn gives it in the environ."""
    with socket.create_server(("127.0.0.1", 0)) as listening:
        client = socket.create_connection(listening.getsockname())
        served, _ = listening.accept()
        yield served
        served.close()
        client.close()


def asked_on(application: TakingTurns, served: socket.socket):
    environ = {"PATH_INFO": "/", "wsgi.input": io.BytesIO(), "gunicorn.socket": served}
    setup_testing_defaults(environ)
    return application(environ, lambda status, headers: None)


def test_an_answer_the_socket_takes_at_once_is_written_in_the_turn(turns, client_socket):
    room = client_socket.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) // 2
    size = room - HEADERS_BYTES  # loopback's buffer holds far more than a fresh default one
    assert size > ANSWERED_IN_TURN_BYTES
    body = asked_on(answering(b"x" * size), client_socket)
    with newcomer(turns) as got:
        assert wait_until(lambda: turns.waiting == 1)
        assert got == []
        b"".join(body)
        assert wait_until(lambda: got == [True])


def test_an_answer_bigger_than_the_socket_takes_is_written_after_the_turn(turns, client_socket):
    client_socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)  # a slow client's
    body = asked_on(answering(b"x" * ANSWERED_IN_TURN_BYTES), client_socket)
    with newcomer(turns) as got:
        assert wait_until(lambda: got == [True])
    b"".join(body)
