"""OWASP's device cookies on every sign-in page: guessing one account's password from many
addresses stops after 10 failures an hour, while the browsers the account knows keep their door
open, each with a limit of its own."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import constant_time_compare

from accounts.models import AccountEvent
from tests.doors import ADMIN, every_sign_in_page
from tests.factories import PASSWORD, UserFactory
from tests.lockout import (
    PAUSED,
    address,
    assert_paused,
    error_section,
    fail,
    is_signed_in,
    known_browser,
    sign_in,
    wrong_message,
)
from throttle.models import SignInFailure
from usersessions import devices
from usersessions.models import KnownDevice

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting every password it hashes or checks (its check hashes
    too, which is the same password's work)."""

    computations = 0

    def encode(self, password, salt, *, counted=True):
        CountingHasher.computations += counted
        return super().encode(password, salt)

    def verify(self, password, encoded):
        CountingHasher.computations += 1
        salt = self.decode(encoded)["salt"]
        return constant_time_compare(encoded, self.encode(password, salt, counted=False))


@pytest.fixture(autouse=True)
def behind_a_proxy(settings):
    # The storm comes from rotating addresses, as a trusted proxy reports them.
    settings.TGDB_TRUSTED_PROXIES = 1
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.com", is_staff=True)


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", email="bob@example.com", is_staff=True)


def storm(door, username: str, addresses: int = 50) -> list:
    """One wrong password for `username` from each of `addresses` new browsers and addresses."""
    return [sign_in(Client(), door, username, WRONG, **address(n)) for n in range(addresses)]


@every_sign_in_page
class TestUnknownBrowsersCountPerUsername:
    def test_attempts_from_50_addresses_stop_at_10(self, alice, door):
        CountingHasher.computations = 0

        responses = storm(door, "alice")

        assert [r.status_code for r in responses[:9]] == [200] * 9
        for response in responses[9:]:
            assert_paused(response, minutes=60)
        # Ten passwords were checked; the forty after the pause were refused unhashed.
        assert CountingHasher.computations == 10
        assert SignInFailure.objects.filter(username="alice").count() == 10

    def test_the_right_password_from_a_new_browser_is_paused_too(self, alice, door):
        *_, last_wrong = storm(door, "alice", addresses=10)
        stranger = Client()

        right = sign_in(stranger, door, "alice", PASSWORD, **address(77))

        assert_paused(right, minutes=60)
        assert error_section(right) == error_section(last_wrong)
        assert not is_signed_in(stranger)

    def test_unknown_usernames_are_paused_like_known_ones(self, alice, door):
        known = storm(door, "alice", addresses=12)
        unknown = storm(door, "nobody-here", addresses=12)

        assert [r.status_code for r in unknown] == [r.status_code for r in known]
        assert error_section(unknown[-1]) == error_section(known[-1])
        assert wrong_message(door) in unknown[0].text
        assert wrong_message(door) in known[0].text

    def test_an_email_address_counts_for_its_account(self, alice, door):
        for n in range(5):
            sign_in(Client(), door, "alice", WRONG, **address(n))
            sign_in(Client(), door, "ALICE@example.com", WRONG, **address(100 + n))

        assert_paused(sign_in(Client(), door, "alice", PASSWORD, **address(200)), minutes=60)

    def test_other_accounts_are_not_paused(self, alice, bob, door):
        storm(door, "alice", addresses=10)
        client = Client()

        response = sign_in(client, door, "bob", **address(5))

        assert response.status_code == 302
        assert is_signed_in(client)

    def test_after_the_hour_new_browsers_may_try_again(self, alice, door):
        with time_machine.travel("2026-12-01 09:00", tick=False) as clock:
            storm(door, "alice", addresses=10)
            clock.shift(timedelta(minutes=30))
            assert_paused(sign_in(Client(), door, "alice", **address(60)), minutes=30)
            clock.shift(timedelta(minutes=31))
            client = Client()

            response = sign_in(client, door, "alice", **address(61))

        assert response.status_code == 302
        assert is_signed_in(client)

    def test_the_limit_and_the_hour_come_from_settings(self, alice, settings, door):
        settings.TGDB_LOCKOUT_USERNAME_FAILURES = 3
        settings.TGDB_LOCKOUT_USERNAME_MINUTES = 20

        responses = storm(door, "alice", addresses=4)

        assert [r.status_code for r in responses[:2]] == [200, 200]
        assert_paused(responses[2], minutes=20)
        assert_paused(responses[3], minutes=20)

    def test_axes_reset_username_clears_the_count(self, alice, door):
        storm(door, "alice", addresses=10)

        call_command("axes_reset_username", "alice", stdout=StringIO())

        assert not SignInFailure.objects.exists()
        assert sign_in(Client(), door, "alice", **address(80)).status_code == 302


@every_sign_in_page
class TestKnownBrowsersKeepTheirDoorOpen:
    def test_a_known_browser_signs_in_during_the_pause(self, alice, door):
        laptop = known_browser(door, "alice")
        storm(door, "alice")
        CountingHasher.computations = 0

        response = sign_in(laptop, door, "alice", **address(9999))

        assert response.status_code == 302
        assert is_signed_in(laptop)
        assert CountingHasher.computations == 1

    def test_a_known_browser_is_not_paused_by_strangers_at_its_own_address(self, alice, door):
        laptop = known_browser(door, "alice", where=1)
        # Strangers behind the same address lock the pair and the address itself.
        for n in range(30):
            sign_in(Client(), door, f"someone{n % 3}", WRONG, **address(1))
        fail(Client(), door, "alice", times=5, **address(1))
        assert_paused(sign_in(Client(), door, "alice", **address(1)))

        response = sign_in(laptop, door, "alice", **address(1))

        assert response.status_code == 302
        assert is_signed_in(laptop)

    def test_a_known_browser_has_its_own_limit_of_five(self, alice, door):
        laptop = known_browser(door, "alice")

        responses = fail(laptop, door, "alice", times=5, **address(9999))

        assert [r.status_code for r in responses[:4]] == [200] * 4
        assert_paused(responses[4])
        assert_paused(sign_in(laptop, door, "alice", **address(9999)))
        assert not is_signed_in(laptop)

    def test_a_known_browsers_failures_do_not_pause_other_browsers(self, alice, door):
        laptop = known_browser(door, "alice")
        phone = known_browser(door, "alice", where=5000)
        fail(laptop, door, "alice", times=5, **address(9999))

        assert sign_in(phone, door, "alice", **address(9999)).status_code == 302
        assert sign_in(Client(), door, "alice", **address(6000)).status_code == 302

    def test_a_known_browsers_success_clears_its_count_but_not_the_strangers(self, alice, door):
        laptop = known_browser(door, "alice")
        fail(laptop, door, "alice", times=4, **address(9999))
        storm(door, "alice", addresses=10)
        assert sign_in(laptop, door, "alice", **address(9999)).status_code == 302
        laptop.post(door.logout_url)

        for response in fail(laptop, door, "alice", times=4, **address(9999)):
            assert response.status_code == 200
        assert_paused(sign_in(Client(), door, "alice", **address(7000)), minutes=60)

    def test_another_accounts_device_cookie_counts_as_unknown(self, alice, bob, door):
        bobs_browser = known_browser(door, "bob")
        storm(door, "alice", addresses=10)

        response = sign_in(bobs_browser, door, "alice", **address(9999))

        assert_paused(response, minutes=60)
        assert not is_signed_in(bobs_browser)

    def test_a_forged_device_cookie_counts_as_unknown(self, alice, door):
        laptop = known_browser(door, "alice")
        storm(door, "alice", addresses=10)
        device_id = KnownDevice.objects.get(user=alice).device_id
        forgeries = {
            "unsigned": device_id,
            "signed with another key": signing.TimestampSigner(
                key="another-sites-secret-key", salt=devices.COOKIE_NAME + devices.SALT
            ).sign(device_id),
            "tampered": laptop.cookies[devices.COOKIE_NAME].value[:-2] + "xx",
        }
        for name, value in forgeries.items():
            forger = Client()
            forger.cookies[devices.COOKIE_NAME] = value

            response = sign_in(forger, door, "alice", **address(9999))

            assert response.status_code == 429, name
            assert PAUSED in response.text
            assert not is_signed_in(forger)

    def test_an_expired_device_cookie_counts_as_unknown(self, alice, door):
        with time_machine.travel("2025-10-01 09:00", tick=False) as clock:
            laptop = known_browser(door, "alice")
            clock.move_to("2026-12-01 09:00")  # 426 days on: past the cookie's 400
            storm(door, "alice", addresses=10)

            response = sign_in(laptop, door, "alice", **address(9999))

        assert_paused(response, minutes=60)
        assert not is_signed_in(laptop)

    def test_a_forgotten_browser_counts_as_unknown(self, alice, door):
        laptop = known_browser(door, "alice")
        KnownDevice.objects.filter(user=alice).delete()  # "This wasn't me" forgets it
        storm(door, "alice", addresses=10)

        assert_paused(sign_in(laptop, door, "alice", **address(9999)), minutes=60)

    def test_failures_are_recorded_on_the_activity_trail(self, alice, door):
        laptop = known_browser(door, "alice")
        storm(door, "alice", addresses=12)
        fail(laptop, door, "alice", times=1, **address(9999))

        failed = AccountEvent.objects.filter(user=alice, kind=AccountEvent.Kind.SIGN_IN_FAILED)
        paused = AccountEvent.objects.filter(user=alice, kind=AccountEvent.Kind.LOCKED_OUT)
        assert failed.count() == 11
        assert paused.count() == 3  # the tenth failure, and the two refused after it


# A known browser's sign-in asks the lockout for its own failures instead of the pair's, the
# address's and the username's: the same work as before device cookies counted.
KNOWN_BROWSER_SIGN_IN_QUERY_BUDGET = 18


@every_sign_in_page
def test_a_known_browsers_sign_in_stays_within_its_query_budget(alice, door):
    laptop = known_browser(door, "alice")

    with CaptureQueriesContext(connection) as context:
        response = sign_in(laptop, door, "alice", **address(9999))

    assert response.status_code == 302
    assert len(context.captured_queries) <= KNOWN_BROWSER_SIGN_IN_QUERY_BUDGET


def test_superusers_see_the_counted_failures_in_django_admin(alice, client):
    storm(ADMIN, "alice", addresses=3)
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)

    page = client.get("/admin/throttle/signinfailure/?q=alice")

    assert page.status_code == 200
    assert page.text.count('<td class="field-known_browser">') == 3
    assert "alice" in page.text
    assert client.get("/admin/throttle/signinfailure/add/").status_code == 403
