"""'Trust this browser for 30 days': a signed cookie that lets one browser skip the second step
until the password, the factors or the account's trust key change."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from accounts.models import AccountEvent
from mfa.trust import COOKIE_NAME
from tests.clients import signed_in_as
from tests.doors import CADMIN
from tests.factories import PASSWORD, UserFactory
from tests.two_factor import SECOND_STEP, add_authenticator, code_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    user = UserFactory(username="alice")
    user.device = add_authenticator(user)
    return user


def password_step(client, username="alice", password=PASSWORD):
    return client.post(CADMIN.login_url, {"username": username, "password": password})


def trusted_client(alice) -> Client:
    """A browser that passed the second step with "Trust this browser" ticked, then signed out."""
    client = Client()
    password_step(client)
    response = client.post(
        SECOND_STEP["cadmin"], {"otp_token": code_now(alice.device), "trust_browser": "on"}
    )
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert int(cookie["max-age"]) == 30 * 24 * 60 * 60
    client.post("/cadmin/logout/")
    return client


def test_a_trusted_browser_skips_the_second_step(alice):
    client = trusted_client(alice)

    response = password_step(client)

    assert response.headers["Location"] == "/cadmin/"
    assert signed_in_as(client) == str(alice.pk)
    assert AccountEvent.objects.filter(kind="trusted_browser_used", user=alice).count() == 1


def test_it_still_needs_the_right_password(alice):
    client = trusted_client(alice)

    response = password_step(client, password="not-her-password")

    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_the_offer_is_on_the_second_step_page(client, alice):
    password_step(client)

    page = client.get(SECOND_STEP["cadmin"])

    assert "Trust this browser for 30 days" in page.text


def test_without_ticking_the_box_the_browser_is_not_trusted(client, alice):
    password_step(client)
    response = client.post(SECOND_STEP["cadmin"], {"otp_token": code_now(alice.device)})

    assert COOKIE_NAME not in response.cookies


def test_another_browser_is_not_trusted(alice):
    trusted_client(alice)

    response = password_step(Client())

    assert response.headers["Location"] == SECOND_STEP["cadmin"]


def test_the_cookie_is_only_good_for_its_own_account(alice):
    bob = UserFactory(username="bob")
    add_authenticator(bob)
    client = trusted_client(alice)

    response = password_step(client, username="bob")

    assert response.headers["Location"] == SECOND_STEP["cadmin"]


def test_a_forged_cookie_is_ignored(client, alice):
    client.cookies[COOKIE_NAME] = f"{alice.pk}:forged"

    response = password_step(client)

    assert response.headers["Location"] == SECOND_STEP["cadmin"]


def test_a_password_change_ends_the_trust(alice):
    client = trusted_client(alice)
    alice.set_password("a-brand-new-passphrase-42")
    alice.save()

    response = password_step(client, password="a-brand-new-passphrase-42")

    assert response.headers["Location"] == SECOND_STEP["cadmin"]


def test_a_removed_factor_ends_the_trust(alice):
    client = trusted_client(alice)
    add_authenticator(alice)  # a new app in place of the old one
    alice.device.delete()

    response = password_step(client)

    assert response.headers["Location"] == SECOND_STEP["cadmin"]


def test_forgetting_trusted_browsers_ends_it_everywhere(alice):
    client = trusted_client(alice)
    other = Client()
    other.force_login(alice)  # just signed in: no need to confirm

    other.post("/cadmin/security/trusted-browsers/forget/")

    assert password_step(client).headers["Location"] == SECOND_STEP["cadmin"]
    assert AccountEvent.objects.filter(kind="trust_ended", user=alice).exists()


def test_trust_ends_after_thirty_days(alice):
    with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
        client = trusted_client(alice)
        clock.shift(timedelta(days=30, minutes=1))

        response = password_step(client)

    assert response.headers["Location"] == SECOND_STEP["cadmin"]


def test_the_offer_can_be_turned_off(client, alice, settings):
    trusted = trusted_client(alice)
    settings.TGDB_TRUST_BROWSER_DAYS = 0

    password_step(client)
    page = client.get(SECOND_STEP["cadmin"])

    assert "Trust this browser" not in page.text
    assert password_step(trusted).headers["Location"] == SECOND_STEP["cadmin"]


def test_the_security_page_says_whether_this_browser_is_trusted(alice):
    client = trusted_client(alice)
    password_step(client)

    page = client.get("/cadmin/security/")

    assert "This browser is trusted" in page.text
