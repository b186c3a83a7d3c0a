"""A new connection goes to the worker holding fewer (tgdb/balanced_worker.py): the board the
workers share, one worker's decision on real sockets in gunicorn's own event loop, and a
server whose other worker has stopped still answering every reader. How evenly a loaded
server's connections are spread is measured by the bench (bench/storm.py)."""

import os
import selectors
import signal
import socket
import subprocess
import time
from http.client import HTTPConnection

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from tests import patience
from tests.processes import gunicorn_on_sqlite
from tests.servers import Browser
from tgdb.balanced_worker import STALE_SECONDS, BalancedThreadWorker, ConnectionBoard

# Two live processes for the board's seats (it checks whether a seat's process is alive).
HERE, PARENT = os.getpid(), os.getppid()


def dead_pid() -> int:
    process = subprocess.Popen(["true"])  # noqa: S607 - coreutils' true
    process.wait()
    return process.pid


# --- The board ------------------------------------------------------------------------------


def test_a_worker_holding_more_sees_one_holding_fewer_and_not_the_other_way():
    board = ConnectionBoard(slots=4)
    busy, idle = board.join(HERE), board.join(PARENT)
    busy.publish(5)
    idle.publish(2)

    assert busy.fewer_elsewhere(5)
    assert not idle.fewer_elsewhere(2)
    assert not busy.fewer_elsewhere(2)  # as many is not fewer


def test_a_worker_not_heard_from_lately_is_not_waited_for():
    board = ConnectionBoard(slots=4)
    busy, silent = board.join(HERE), board.join(PARENT)
    silent.publish(0)
    assert busy.fewer_elsewhere(3)

    silent._slot.seen = time.monotonic() - STALE_SECONDS - 1
    assert not busy.fewer_elsewhere(3)


def test_a_worker_that_left_is_not_waited_for():
    board = ConnectionBoard(slots=4)
    busy, leaving = board.join(HERE), board.join(PARENT)
    leaving.publish(0)
    leaving.leave()

    assert not busy.fewer_elsewhere(3)


def test_a_dead_workers_slot_goes_to_the_next_worker():
    board = ConnectionBoard(slots=2)
    busy, dead = board.join(HERE), board.join(dead_pid())
    dead.publish(7)

    newcomer = board.join(PARENT)  # the board is full but for the dead worker's slot
    newcomer.publish(0)
    assert busy.fewer_elsewhere(3)


def test_a_worker_past_the_last_slot_still_steps_back_for_the_others():
    board = ConnectionBoard(slots=1)
    idle = board.join(PARENT)
    idle.publish(0)

    extra = board.join(HERE)
    extra.publish(9)
    assert extra.fewer_elsewhere(9)
    assert not idle.fewer_elsewhere(0)  # nothing the extra one publishes lands on the board


# --- One worker's decision, on real sockets -----------------------------------------------


class AcceptingWorker(BalancedThreadWorker):
    """The worker's accepting side alone: each connection it takes is kept, not served."""

    board = ConnectionBoard(slots=4)

    def enqueue_req(self, conn) -> None:
        self.taken.append(conn)


@pytest.fixture
def listener():
    with socket.create_server(("127.0.0.1", 0)) as listening:
        listening.setblocking(False)
        yield listening


@pytest.fixture
def worker(listener):
    config = Config()
    worker = AcceptingWorker(1, HERE, [listener], None, 30, config, Logger(config))
    worker.taken = []
    worker.poller = selectors.DefaultSelector()
    worker.take_seat()
    worker.set_accept_enabled(True)
    clients: list[socket.socket] = []
    worker.connect = lambda: clients.append(socket.create_connection(listener.getsockname()))
    yield worker
    for client in clients:
        client.close()
    for conn in worker.taken:
        conn.close()
    worker.poller.close()
    worker._seat.leave()


def held_after_one_look(worker) -> int:
    worker.wait_for_and_dispatch_events(timeout=patience.CONDITION)
    return worker.nr_conns


def held_once_taken(worker, count: int) -> int:
    deadline = time.monotonic() + patience.CONDITION
    while worker.nr_conns < count and time.monotonic() < deadline:
        worker.wait_for_and_dispatch_events(timeout=1.0)
    return worker.nr_conns


def holding_three(worker):
    for held in (1, 2, 3):
        worker.connect()
        assert held_after_one_look(worker) == held  # alone on the board: each taken at once


def test_a_worker_leaves_a_new_connection_to_a_worker_holding_fewer_then_takes_it_if_left(
    worker,
):
    holding_three(worker)
    other = worker.board.join(PARENT)
    other.publish(1)
    try:
        worker.connect()
        assert held_after_one_look(worker) == 3  # stepped back
        assert not worker._accepting

        assert held_once_taken(worker, 4) == 4  # nobody took it meanwhile: this worker does
        assert worker._accepting
    finally:
        other.leave()


def test_a_worker_takes_a_new_connection_when_the_others_hold_as_many_or_more(worker):
    holding_three(worker)
    other = worker.board.join(PARENT)
    other.publish(3)
    try:
        worker.connect()
        assert held_after_one_look(worker) == 4
    finally:
        other.leave()


# --- A server whose other worker stopped -------------------------------------------------


@pytest.mark.own_services
def test_readers_are_answered_while_the_other_worker_is_stopped(tmp_path):
    with gunicorn_on_sqlite(tmp_path) as server:
        stopped = min(server.worker_pids())
        os.kill(stopped, signal.SIGSTOP)
        kept = [HTTPConnection("127.0.0.1", server.port, timeout=patience.REQUEST) for _ in "ab"]
        try:
            # The worker left holds two connections and the stopped one none: it steps back
            # from each new connection, for a moment only, and answers it.
            answers = [kept_answer(connection, server.port) for connection in kept]
            answers += [Browser().get(f"{server.url}/healthz").status for _ in range(6)]
        finally:
            os.kill(stopped, signal.SIGCONT)
            for connection in kept:
                connection.close()

    assert answers == [200] * 8


def kept_answer(connection: HTTPConnection, port: int) -> int:
    connection.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{port}"})
    answer = connection.getresponse()
    answer.read()
    return answer.status
