"""The account's address hears of every security change: a password changed or reset, and a
lockout (at most once an hour, however long someone keeps guessing)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from tests.clients import signed_in
from tests.factories import PASSWORD, UserFactory
from tests.password_reset import NEW_PASSWORD, reset_link_path, set_password_path

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.com")


def notices() -> list[str]:
    return [m.subject for m in mail.outbox if m.subject.startswith("Security notice:")]


def guess(times: int, address: str = "198.51.100.1") -> None:
    client = Client(REMOTE_ADDR=address)
    for _ in range(times):
        client.post("/cadmin/login/", {"username": "alice", "password": "a-wrong-guess-1"})


def test_a_password_change_is_announced(alice):
    signed_in(alice).post(
        "/cadmin/password-change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert notices() == ["Security notice: The password of your account was changed"]
    assert mail.outbox[-1].to == ["alice@example.com"]


def test_a_password_reset_is_announced(alice, client):
    client.get(reset_link_path(alice))
    client.post(
        set_password_path(alice), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert notices() == ["Security notice: The password of your account was reset"]


def test_a_lockout_is_announced_once(alice):
    guess(5)

    assert notices() == [
        "Security notice: Signing in to your account was paused after too many wrong "
        "passwords or codes"
    ]
    guess(3)  # refused while paused
    guess(5, address="203.0.113.2")  # and again from elsewhere
    assert len(notices()) == 1


def test_another_lockout_an_hour_later_is_announced_again(alice, settings):
    # The hour is the cache entry's timeout: a cache in this process follows the moved clock
    # (Redis keeps its own).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
        guess(5)
        clock.shift(timedelta(hours=1, minutes=1))
        guess(5)

    assert len(notices()) == 2


def test_guessing_an_unknown_account_sends_nothing(db):
    guess(5)

    assert notices() == []
