"""After a wrong code django-otp refuses every code of that device for a pause that doubles
(1 s, 2 s, 4 s…). Each form that takes a code says how long to wait, instead of calling the
right code typed within the pause wrong; the pause still counts as a wrong answer."""

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client

from mfa import factors
from tests.clients import signed_in, signed_in_as
from tests.doors import CADMIN, every_sign_in_page
from tests.factories import PASSWORD, UserFactory
from tests.two_factor import SECOND_STEP, add_authenticator, code_now, recovery_codes, wrong_code

pytestmark = pytest.mark.django_db

WAIT_ONE_SECOND = "Too many wrong codes. Wait 1 second, then try again."
WAIT_TWO_SECONDS = "Too many wrong codes. Wait 2 seconds, then try again."
WRONG = "not right"


@pytest.fixture
def clock():
    with time_machine.travel("2026-11-24 12:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def alice(db):
    """A staff member (so the admin door lets her in) with an authenticator app."""
    user = UserFactory(username="alice", is_staff=True)
    user.device = add_authenticator(user)
    return user


def into_a_two_second_pause(send, wrong: str, clock) -> None:
    """Two wrong codes a second apart (pauses of 1 s, then 2 s), then half a second on: 1.5 s
    of the pause are left, which the page rounds up to 2."""
    send(wrong)
    clock.shift(timedelta(seconds=1))
    send(wrong)
    clock.shift(timedelta(seconds=0.5))


def past_the_pause(clock) -> None:
    clock.shift(timedelta(seconds=1.5))


def not_a_recovery_code(user) -> str:
    kept = set(recovery_codes(user))
    return next(code for code in ("aaaaaaaa", "bbbbbbbb") if code not in kept)


class TestTheSecondStep:
    @staticmethod
    def started(door) -> tuple[Client, Callable]:
        """A browser past the password, and how it sends a code to the door's second step."""
        client = Client()
        client.post(door.login_url, {"username": "alice", "password": PASSWORD})
        return client, lambda code: client.post(SECOND_STEP[door.name], {"otp_token": code})

    @every_sign_in_page
    def test_the_right_code_in_the_pause_is_told_how_long_to_wait(self, alice, door, clock):
        client, send = self.started(door)
        into_a_two_second_pause(send, wrong_code(alice.device), clock)

        response = send(code_now(alice.device))

        assert response.status_code == 200
        assert WAIT_TWO_SECONDS in response.text
        assert WRONG not in response.text
        assert signed_in_as(client) is None

    @every_sign_in_page
    def test_after_the_pause_the_right_code_signs_in(self, alice, door, clock):
        client, send = self.started(door)
        into_a_two_second_pause(send, wrong_code(alice.device), clock)
        send(code_now(alice.device))
        past_the_pause(clock)

        response = send(code_now(alice.device))

        assert response.status_code == 302
        assert response.headers["Location"] == door.landing
        assert signed_in_as(client) == str(alice.pk)

    def test_a_code_in_the_pause_counts_as_a_wrong_answer(self, alice, clock):
        _, send = self.started(CADMIN)
        send(wrong_code(alice.device))

        response = send(code_now(alice.device))

        assert WAIT_ONE_SECOND in response.text
        assert "3 attempts left" in response.text
        assert AccessAttempt.objects.get(username="alice").failures_since_start == 2

    def test_a_recovery_code_in_its_own_pause_is_told_how_long_to_wait(self, alice, clock):
        client, send = self.started(CADMIN)
        send(not_a_recovery_code(alice))
        right = recovery_codes(alice)[0]

        paused = send(right)
        clock.shift(timedelta(seconds=1))
        after = send(right)

        assert WAIT_ONE_SECOND in paused.text
        assert WRONG not in paused.text
        assert after.headers["Location"] == "/cadmin/"
        assert signed_in_as(client) == str(alice.pk)


CONFIRM = "/cadmin/confirm/"
PASSWORD_CHANGE = "/cadmin/password-change/"


class TestConfirmItIsYou:
    @pytest.fixture
    def stale_client(self, alice, clock) -> Client:
        """Signed in eleven minutes ago: changes need a confirmation."""
        client = Client()
        client.post(CADMIN.login_url, {"username": "alice", "password": PASSWORD})
        client.post(SECOND_STEP["cadmin"], {"otp_token": code_now(alice.device)})
        clock.shift(timedelta(minutes=11))
        return client

    def send(self, client, code):
        return client.post(CONFIRM, {"otp_token": code, "next": PASSWORD_CHANGE})

    def test_the_right_code_in_the_pause_is_told_how_long_to_wait(self, stale_client, alice, clock):
        into_a_two_second_pause(
            lambda code: self.send(stale_client, code), wrong_code(alice.device), clock
        )

        response = self.send(stale_client, code_now(alice.device))

        assert response.status_code == 200
        assert WAIT_TWO_SECONDS in response.text
        assert WRONG not in response.text
        assert AccessAttempt.objects.get(username="alice").failures_since_start == 3

    def test_after_the_pause_the_right_code_confirms(self, stale_client, alice, clock):
        into_a_two_second_pause(
            lambda code: self.send(stale_client, code), wrong_code(alice.device), clock
        )
        self.send(stale_client, code_now(alice.device))
        past_the_pause(clock)

        response = self.send(stale_client, code_now(alice.device))

        assert response.status_code == 302
        assert response.headers["Location"] == PASSWORD_CHANGE
        assert stale_client.get(PASSWORD_CHANGE).status_code == 200

    def test_a_recovery_code_in_its_own_pause_is_told_how_long_to_wait(self, stale_client, alice):
        self.send(stale_client, not_a_recovery_code(alice))

        response = self.send(stale_client, recovery_codes(alice)[0])

        assert WAIT_ONE_SECOND in response.text
        assert WRONG not in response.text


AUTHENTICATOR = "/cadmin/security/authenticator/"


class TestSettingUpTheAuthenticatorApp:
    @pytest.fixture
    def bob(self, db):
        return UserFactory(username="bob")

    @pytest.fixture
    def client(self, bob, clock) -> Client:
        client = signed_in(bob)  # just signed in: no confirmation asked
        client.get(AUTHENTICATOR)
        return client

    @staticmethod
    def new_app(bob):
        return factors.authenticator(bob, confirmed=False)

    def test_the_right_code_in_the_pause_is_told_how_long_to_wait(self, client, bob, clock):
        into_a_two_second_pause(
            lambda code: client.post(AUTHENTICATOR, {"otp_token": code}),
            wrong_code(self.new_app(bob)),
            clock,
        )

        response = client.post(AUTHENTICATOR, {"otp_token": code_now(self.new_app(bob))})

        assert response.status_code == 200
        assert WAIT_TWO_SECONDS in response.text
        assert WRONG not in response.text
        assert not factors.has_second_factor(bob)

    def test_after_the_pause_the_right_code_turns_it_on(self, client, bob, clock):
        into_a_two_second_pause(
            lambda code: client.post(AUTHENTICATOR, {"otp_token": code}),
            wrong_code(self.new_app(bob)),
            clock,
        )
        client.post(AUTHENTICATOR, {"otp_token": code_now(self.new_app(bob))})
        past_the_pause(clock)

        response = client.post(AUTHENTICATOR, {"otp_token": code_now(self.new_app(bob))})

        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/security/recovery-codes/"
        assert factors.has_second_factor(bob)
