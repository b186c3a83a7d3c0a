"""The password gate: a bounded number of checks at once for unknown browsers, at a lower CPU
priority, a 503 with Retry-After when none comes free in time, and a slot kept for known
browsers and signed-in people."""

import logging
import os
import signal
import sys
import threading
from contextlib import contextmanager
from functools import partial

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from accounts.models import AccountEvent
from tests.doors import CADMIN, every_sign_in_page
from tests.factories import PASSWORD, UserFactory
from tests.hashing_probe import WhereHashedArgon2
from tests.lockout import address, is_signed_in, known_browser, sign_in
from tests.processes import python, wait_until
from throttle.busy_log import busy_log
from throttle.gate import Gate, PasswordChecksBusy, gate
from throttle.hashers import GatedArgon2PasswordHasher
from throttle.hashing_process import in_hashing_process
from throttle.models import SignInFailure

pytestmark = pytest.mark.django_db

BUSY = "Sign-in is busy"


class QuickGatedHasher(GatedArgon2PasswordHasher):
    """The site's gated hasher with the cheapest Argon2 parameters, for speed."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1


@pytest.fixture(autouse=True)
def gated_hashing(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.QuickGatedHasher"]
    settings.TGDB_TRUSTED_PROXIES = 1
    settings.TGDB_PASSWORD_CHECK_WAIT_SECONDS = 0.2
    gate.cache_clear()  # a gate of this test's settings
    yield
    gate().close()
    gate.cache_clear()


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", is_staff=True)


@contextmanager
def checks_in_progress(count: int, *, known: bool = False, of: Gate | None = None):
    """`count` password checks that hold every slot they get until the block ends (or the
    event it gives is set)."""
    release = threading.Event()
    started = threading.Barrier(count + 1)

    def long_check():
        started.wait()
        release.wait()

    holders = [
        threading.Thread(target=(of or gate()).check, args=(long_check,), kwargs={"known": known})
        for _ in range(count)
    ]
    for holder in holders:
        holder.start()
    started.wait()
    try:
        yield release
    finally:
        release.set()
        for holder in holders:
            holder.join()


@every_sign_in_page
class TestUnknownBrowsersWaitTheirTurn:
    def test_with_every_check_taken_the_right_password_gets_503_and_no_session(self, alice, door):
        client = Client()
        with checks_in_progress(1):
            response = sign_in(client, door, "alice", PASSWORD, **address(1))

        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert BUSY in response.text
        assert "try again in 5 seconds" in response.text
        assert not is_signed_in(client)

    def test_a_busy_answer_is_not_a_failed_sign_in(self, alice, door):
        with checks_in_progress(1):
            response = sign_in(Client(), door, "alice", "not-the-password", **address(1))

        assert response.status_code == 503
        assert not SignInFailure.objects.exists()
        assert not AccessAttempt.objects.exists()
        assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.SIGN_IN_FAILED).exists()

    def test_a_check_that_comes_free_while_waiting_is_taken(self, alice, door, settings):
        settings.TGDB_PASSWORD_CHECK_WAIT_SECONDS = 30
        gate.cache_clear()
        client = Client()
        with checks_in_progress(1) as release:
            # The check in progress ends once this sign-in is waiting for its slot.
            watcher = threading.Thread(
                target=lambda: wait_until(lambda: gate().waiting == 1) and release.set()
            )
            watcher.start()
            response = sign_in(client, door, "alice", **address(1))
            watcher.join()

        assert response.status_code == 302
        assert is_signed_in(client)

    def test_with_a_free_check_unknown_browsers_sign_in(self, alice, door):
        client = Client()

        response = sign_in(client, door, "alice", **address(1))

        assert response.status_code == 302
        assert is_signed_in(client)


@contextmanager
def filled_gate(settings):
    """Every check for unknown browsers taken, and as many waiting as may (one, of 5 threads)."""
    settings.TGDB_THREADS = 5
    settings.TGDB_PASSWORD_CHECK_WAIT_SECONDS = 30
    gate.cache_clear()
    waiting = threading.Thread(target=gate().check, args=(lambda: None,), kwargs={"known": False})
    with checks_in_progress(1):
        waiting.start()
        assert wait_until(gate().is_full_for_unknown_browsers)
        yield
    waiting.join()


@pytest.fixture
def full_gate(settings):
    with filled_gate(settings):
        yield


@every_sign_in_page
class TestAStormLargerThanTheGate:
    def test_an_unknown_browser_is_answered_busy_before_any_query(
        self, alice, door, full_gate, django_assert_num_queries
    ):
        client = Client(enforce_csrf_checks=True)  # and no token: no CSRF check is reached
        with django_assert_num_queries(0):
            response = client.post(door.login_url, {"username": "alice", "password": PASSWORD})

        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert BUSY in response.text
        assert not is_signed_in(client)
        assert not SignInFailure.objects.exists()

    def test_a_known_browser_still_signs_in(self, alice, door, settings):
        laptop = known_browser(door, "alice")
        with filled_gate(settings):
            response = sign_in(laptop, door, "alice", **address(9999))

        assert response.status_code == 302
        assert is_signed_in(laptop)

    def test_the_sign_in_page_itself_still_opens(self, door, full_gate):
        assert Client().get(door.login_url).status_code == 200


@pytest.fixture
def clock():
    busy_log.cache_clear()  # a count of this test's answers, on this test's clock
    with time_machine.travel("2026-11-24 12:00", tick=False) as traveller:
        yield traveller
    busy_log.cache_clear()


def busy_answers(count: int) -> None:
    for number in range(count):
        response = sign_in(Client(), CADMIN, f"guess{number}", "not-the-password")
        assert response.status_code == 503


def logged(caplog, logger: str) -> list[tuple[int, str]]:
    return [
        (record.levelno, record.getMessage()) for record in caplog.records if record.name == logger
    ]


class TestBusyAnswersInTheLog:
    def test_many_busy_answers_in_one_minute_are_one_warning_and_no_error(
        self, full_gate, clock, caplog
    ):
        busy_answers(30)
        clock.shift(59)
        busy_answers(10)

        assert logged(caplog, "throttle.busy_log") == [
            (logging.WARNING, "Sign-in busy: 1 attempt answered 503 in the last 60 s")
        ]
        assert logged(caplog, "django.request") == []
        assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []

    def test_the_next_minutes_first_busy_answer_logs_the_count_since_the_last_line(
        self, full_gate, clock, caplog
    ):
        busy_answers(37)
        clock.shift(60)
        busy_answers(1)
        clock.shift(90)
        busy_answers(2)

        assert logged(caplog, "throttle.busy_log") == [
            (logging.WARNING, "Sign-in busy: 1 attempt answered 503 in the last 60 s"),
            (logging.WARNING, "Sign-in busy: 37 attempts answered 503 in the last 60 s"),
            (logging.WARNING, "Sign-in busy: 1 attempt answered 503 in the last 90 s"),
        ]

    def test_an_attempt_that_waited_for_a_check_in_vain_is_counted_too(self, alice, clock, caplog):
        with checks_in_progress(1):
            response = sign_in(Client(), CADMIN, "alice", PASSWORD, **address(1))

        assert response.status_code == 503
        assert logged(caplog, "throttle.busy_log") == [
            (logging.WARNING, "Sign-in busy: 1 attempt answered 503 in the last 60 s")
        ]
        assert logged(caplog, "django.request") == []

    def test_a_workers_threads_answering_busy_at_once_write_one_line_and_count_every_answer(
        self, full_gate, clock, caplog
    ):
        busy_answers(1)
        threads = [threading.Thread(target=busy_answers, args=(25,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        clock.shift(60)
        busy_answers(1)

        assert logged(caplog, "throttle.busy_log") == [
            (logging.WARNING, "Sign-in busy: 1 attempt answered 503 in the last 60 s"),
            (logging.WARNING, "Sign-in busy: 201 attempts answered 503 in the last 60 s"),
        ]

    @pytest.mark.parametrize(
        ("kind", "status", "line"),
        [
            ("operational", 503, "Service Unavailable: /fails/operational/"),
            ("programming", 500, "Internal Server Error: /fails/programming/"),
        ],
    )
    def test_other_server_errors_are_still_logged_by_django_at_error(
        self, settings, caplog, kind, status, line
    ):
        settings.ROOT_URLCONF = "tests.urls_database_down"
        response = Client(raise_request_exception=False).get(f"/fails/{kind}/")

        assert response.status_code == status
        assert logged(caplog, "django.request") == [(logging.ERROR, line)]
        assert logged(caplog, "throttle.busy_log") == []


@every_sign_in_page
class TestKnownBrowsersHaveASlotOfTheirOwn:
    def test_a_known_browser_signs_in_while_every_other_check_is_taken(self, alice, door):
        laptop = known_browser(door, "alice")
        with checks_in_progress(1):
            response = sign_in(laptop, door, "alice", **address(9999))

        assert response.status_code == 302
        assert is_signed_in(laptop)

    def test_a_known_browser_takes_a_free_open_check_when_its_own_is_taken(self, alice, door):
        laptop = known_browser(door, "alice")
        with checks_in_progress(1, known=True):
            response = sign_in(laptop, door, "alice", **address(9999))

        assert response.status_code == 302


def test_a_signed_in_person_confirming_it_is_them_is_not_kept_waiting(alice):
    client = Client()
    client.force_login(alice)
    with checks_in_progress(1):
        response = client.post("/cadmin/confirm/", {"password": PASSWORD, "next": "/cadmin/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/"


def test_outside_a_request_hashing_never_waits(alice):
    with checks_in_progress(1):
        alice.set_password("a-new-long-passphrase")

    assert alice.check_password("a-new-long-passphrase")


class TestTheGate:
    def test_at_most_the_set_number_wait_the_rest_are_refused_at_once(self):
        small = Gate(open_slots=1, known_slots=1, most_waiting=1, wait_seconds=30)
        with checks_in_progress(1, of=small):
            waiting = threading.Thread(
                target=small.check, args=(lambda: None,), kwargs={"known": 0}
            )
            waiting.start()
            assert wait_until(lambda: small.waiting == 1)

            with pytest.raises(PasswordChecksBusy):
                small.check(lambda: None, known=False)
            assert waiting.is_alive()  # still in its 30-second wait
        waiting.join()
        assert small.waiting == 0

    @pytest.mark.skipif(sys.platform != "linux", reason="niceness per thread is Linux's")
    def test_known_checks_outrank_pages_which_outrank_unknown_checks(self):
        made_at = niceness()
        gate()  # made here: its known-browser threads keep this thread's priority
        page = {}

        def serve_a_page():
            Client().get("/healthz")
            page["nice"] = niceness()

        request_thread = threading.Thread(target=serve_a_page)
        request_thread.start()
        request_thread.join()

        known = gate().check(niceness, known=True)
        unknown = in_hashing_process(partial(os.getpriority, os.PRIO_PROCESS, 0))
        assert known == made_at
        assert page["nice"] == max(made_at, 5)  # TGDB_PAGE_NICE
        assert unknown == 19  # TGDB_PASSWORD_CHECK_NICE
        assert known <= page["nice"] < unknown
        # ... and set aside whenever a page's thread wakes.
        assert in_hashing_process(partial(os.sched_getscheduler, 0)) == os.SCHED_IDLE
        assert os.sched_getscheduler(0) == os.SCHED_OTHER

    def test_only_two_known_checks_a_second_run_above_the_pages(self):
        def lane() -> str:
            return threading.current_thread().name

        first, second = (gate().check(lane, known=True) for _ in range(2))

        assert first == "known-password-check-0"  # the thread that outranks pages
        assert second == threading.current_thread().name  # this request's own, as a page's


class TestHashingProcesses:
    @every_sign_in_page
    def test_an_unknown_browsers_password_is_hashed_in_a_nice_process_of_its_own(
        self, alice, door, settings, tmp_path
    ):
        record = tmp_path / "hashed-by"
        settings.PASSWORD_HASHERS = [f"{__name__}.WhereHashedGatedHasher"]
        WhereHashedGatedHasher.record = str(record)
        alice.set_password(PASSWORD)
        alice.save()

        response = sign_in(Client(), door, "alice", PASSWORD, **address(1))

        assert response.status_code == 302
        pid, nice = map(int, record.read_text().split())
        assert pid != os.getpid()
        assert nice == 19

    @every_sign_in_page
    def test_a_known_browsers_password_is_hashed_in_the_worker(
        self, alice, door, settings, tmp_path
    ):
        laptop = known_browser(door, "alice")
        record = tmp_path / "hashed-by"
        settings.PASSWORD_HASHERS = [f"{__name__}.WhereHashedGatedHasher"]
        WhereHashedGatedHasher.record = str(record)
        alice.set_password(PASSWORD)
        alice.save()

        response = sign_in(laptop, door, "alice", PASSWORD, **address(1))

        assert response.status_code == 302
        assert int(record.read_text().split()[0]) == os.getpid()

    def test_a_hashing_process_that_died_is_replaced(self, alice):
        first = in_hashing_process(os.getpid)
        os.kill(first, signal.SIGKILL)
        wait_until(lambda: not os.path.exists(f"/proc/{first}"))

        response = sign_in(Client(), CADMIN, "alice", PASSWORD, **address(1))

        assert response.status_code == 302
        assert in_hashing_process(os.getpid) not in (first, os.getpid())


class WhereHashedGatedHasher(QuickGatedHasher):
    """The site's gated hasher, handing its hashing process a hasher that writes down where
    it ran (tests/hashing_probe.py: a hashing process cannot load this test module)."""

    record = ""

    def _plain(self) -> WhereHashedArgon2:
        return WhereHashedArgon2(self.record)


def niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


class TestArgon2Parameters:
    def test_new_hashes_use_one_lane_three_passes_and_64_mib(self, settings):
        settings.PASSWORD_HASHERS = ["throttle.hashers.GatedArgon2PasswordHasher"]
        hasher = GatedArgon2PasswordHasher()

        decoded = hasher.decode(hasher.encode("a-long-passphrase", hasher.salt()))

        assert (decoded["time_cost"], decoded["memory_cost"], decoded["parallelism"]) == (
            3,
            65536,
            1,
        )
        assert decoded["variety"] == "argon2id"

    def test_they_are_at_least_owasps_minimum_for_argon2id(self):
        # OWASP's Password Storage Cheat Sheet: m=19 MiB, t=2, p=1 (or more memory, fewer passes).
        assert GatedArgon2PasswordHasher.memory_cost >= 19 * 1024
        assert GatedArgon2PasswordHasher.time_cost >= 2

    @every_sign_in_page
    def test_a_hash_of_djangos_default_parameters_is_upgraded_at_sign_in(self, settings, door):
        settings.PASSWORD_HASHERS = [
            "throttle.hashers.GatedArgon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
        user = UserFactory(username="carol", is_staff=True)
        django_default = Argon2PasswordHasher()
        user.password = django_default.encode(PASSWORD, django_default.salt())
        user.save()
        assert django_default.decode(user.password)["parallelism"] == 8

        response = sign_in(Client(), door, "carol", PASSWORD, **address(3))

        assert response.status_code == 302
        user.refresh_from_db()
        assert GatedArgon2PasswordHasher().decode(user.password)["parallelism"] == 1
        assert user.check_password(PASSWORD)


@pytest.mark.parametrize("variable", ["TGDB_PASSWORD_CHECKS_PER_WORKER", "TGDB_THREADS"])
def test_no_slot_or_no_thread_at_all_refuses_to_start(variable):
    result = python("import django; django.setup(); print('started')", **{variable: "0"})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr
    assert "started" not in result.stdout
