"""A sign-in from a browser new to the account e-mails a notice; "This wasn't me" ends exactly
that session and forgets that browser, once, within 7 days, and only by a POST."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import AccountEvent
from tests.clients import signed_in_as
from tests.factories import PASSWORD, UserFactory
from usersessions.devices import COOKIE_NAME
from usersessions.models import KnownDevice, SignInNotice

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
NOT_ME_LINK = re.compile(r"http://testserver(/cadmin/sessions/not-me/[^/\s]+/)")


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.com")


def sign_in(client: Client, door: str = "/cadmin/login/") -> None:
    response = client.post(door, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def new_device_mail() -> list:
    return [m for m in mail.outbox if m.subject.startswith("New sign-in to your account")]


def not_me_path(message) -> str:
    found = NOT_ME_LINK.search(message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def laptop(alice) -> Client:
    """Alice's usual browser: her first sign-in, which is not news."""
    client = Client(HTTP_USER_AGENT=FIREFOX)
    sign_in(client)
    return client


@pytest.fixture
def intruder(laptop) -> Client:
    """Another browser, signed in with her password."""
    client = Client(HTTP_USER_AGENT=IPHONE, REMOTE_ADDR="203.0.113.66")
    sign_in(client, "/login/")
    return client


class TestTheNotice:
    def test_the_first_sign_in_sends_nothing_and_sets_the_device_cookie(self, alice):
        client = Client()
        response = client.post("/cadmin/login/", {"username": "alice", "password": PASSWORD})

        cookie = response.cookies[COOKIE_NAME]
        assert cookie["httponly"] is True
        assert int(cookie["max-age"]) == 400 * 24 * 60 * 60
        assert new_device_mail() == []
        assert KnownDevice.objects.filter(user=alice).count() == 1

    def test_a_known_browser_signing_in_again_sends_nothing(self, laptop):
        laptop.post("/cadmin/logout/")
        sign_in(laptop)

        assert new_device_mail() == []

    def test_a_new_browser_gets_a_notice_with_what_where_and_two_links(self, intruder):
        (message,) = new_device_mail()

        assert message.to == ["alice@example.com"]
        assert "Safari on iPhone" in message.body
        assert "203.0.113.66" in message.body
        assert "Blog (/login/)" in message.body
        assert "Review your sessions: http://testserver/cadmin/sessions/" in message.body
        assert NOT_ME_LINK.search(message.body)

    def test_a_forged_device_cookie_counts_as_a_new_browser(self, laptop):
        client = Client()
        client.cookies[COOKIE_NAME] = "0" * 32
        sign_in(client)

        assert len(new_device_mail()) == 1

    def test_an_account_without_an_address_gets_nothing_and_nothing_fails(self, db):
        UserFactory(username="alice", email="")
        sign_in(Client())
        sign_in(Client())

        assert new_device_mail() == []


class TestThisWasNotMe:
    def test_following_the_link_changes_nothing(self, intruder):
        path = not_me_path(new_device_mail()[0])

        page = Client().get(path)

        assert page.status_code == 200
        assert "End that session and forget that browser" in page.text
        assert signed_in_as(intruder) is not None
        assert SignInNotice.objects.get().used_at is None

    def test_the_button_ends_exactly_that_session_and_forgets_that_browser(
        self, alice, laptop, intruder
    ):
        path = not_me_path(new_device_mail()[0])

        response = Client().post(path)

        assert response.status_code == 200
        assert "Reset your password" in response.text
        assert signed_in_as(intruder) is None
        assert signed_in_as(laptop) == str(alice.pk)
        assert KnownDevice.objects.filter(user=alice).count() == 1  # the laptop's
        event = AccountEvent.objects.get(kind="not_me")
        assert (event.user, event.detail) == (alice, "Safari on iPhone")
        # Forgotten: the same browser signing in again is news again.
        sign_in(intruder)
        assert len(new_device_mail()) == 2

    def test_a_second_use_is_refused(self, intruder):
        path = not_me_path(new_device_mail()[0])
        Client().post(path)

        again = Client().post(path)

        assert again.status_code == 400
        assert "already used" in again.text
        assert Client().get(path).status_code == 400

    def test_a_tampered_link_is_refused(self, intruder):
        path = not_me_path(new_device_mail()[0])

        for bad in (
            path[:-3] + "xx/",
            path.replace("not-me/", "not-me/a"),
            "/cadmin/sessions/not-me/x/",
        ):
            response = Client().post(bad)
            assert response.status_code == 400
        assert signed_in_as(intruder) is not None

    def test_a_link_older_than_seven_days_is_refused(self, alice):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            sign_in(Client())
            intruder = Client()
            sign_in(intruder)
            path = not_me_path(new_device_mail()[0])
            clock.shift(timedelta(days=7, minutes=1))

            response = Client().post(path)

        assert response.status_code == 400
        assert SignInNotice.objects.get().used_at is None

    def test_it_works_after_that_session_already_ended(self, alice, intruder):
        path = not_me_path(new_device_mail()[0])
        intruder.post("/logout/")

        response = Client().post(path)

        assert response.status_code == 200
        assert KnownDevice.objects.filter(user=alice).count() == 1
