"""A right password is not enough for an account with a second factor, on all three doors."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client

from accounts.models import AccountEvent
from tests.clients import signed_in_as
from tests.doors import ADMIN, BLOG, CADMIN, every_door, every_sign_in_page
from tests.factories import PASSWORD, UserFactory
from tests.two_factor import (
    SECOND_STEP,
    add_authenticator,
    code_now,
    recovery_codes,
    wrong_code,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]


@pytest.fixture
def alice(db):
    """A staff member (so the admin door lets her in) with an authenticator app."""
    user = UserFactory(username="alice", is_staff=True)
    user.device = add_authenticator(user)
    return user


def password_step(client, door, next_url=None, **fields):
    data = {"username": "alice", "password": PASSWORD, **fields}
    if next_url is not None:
        data["next"] = next_url
    return client.post(door.login_url, data)


def second_step(client, door, code, **fields):
    return client.post(SECOND_STEP[door.name], {"otp_token": code, **fields})


class TestPasswordAloneSignsNobodyIn:
    @every_sign_in_page
    def test_right_password_leads_to_the_second_step_without_a_session_user(
        self, client, alice, door
    ):
        response = password_step(client, door)

        assert response.status_code == 302
        assert response.headers["Location"] == SECOND_STEP[door.name]
        assert signed_in_as(client) is None
        assert client.get(door.landing).status_code == 302  # still asked to sign in

    @every_sign_in_page
    def test_the_second_step_asks_for_a_code(self, client, alice, door):
        password_step(client, door)

        page = client.get(SECOND_STEP[door.name])

        assert page.status_code == 200
        assert 'name="otp_token"' in page.text
        assert "authenticator app" in page.text

    @every_sign_in_page
    def test_a_code_then_signs_in_and_lands_where_the_door_leads(self, client, alice, door):
        password_step(client, door)

        response = second_step(client, door, code_now(alice.device))

        assert response.status_code == 302
        assert response.headers["Location"] == door.landing
        assert signed_in_as(client) == str(alice.pk)
        assert client.get(door.landing).status_code == 200

    def test_an_account_without_a_second_factor_signs_in_at_once(self, client):
        UserFactory(username="alice")

        response = password_step(client, CADMIN)

        assert response.headers["Location"] == CADMIN.landing
        assert signed_in_as(client) is not None

    def test_the_session_key_changes_when_the_second_step_signs_in(self, client, alice):
        password_step(client, CADMIN)
        half_way_key = client.session.session_key

        second_step(client, CADMIN, code_now(alice.device))

        assert client.session.session_key != half_way_key

    def test_the_signed_in_session_is_verified_by_the_app(self, client, alice):
        password_step(client, CADMIN)
        second_step(client, CADMIN, code_now(alice.device))

        assert client.session["otp_device_id"] == alice.device.persistent_id


class TestNextAndRememberMeCarryThrough:
    @every_door
    def test_a_safe_next_is_where_the_second_step_lands(self, client, alice, door):
        password_step(client, door, next_url="/cadmin/posts/")

        response = second_step(client, door, code_now(alice.device))

        assert response.headers["Location"] == "/cadmin/posts/"

    @every_door
    def test_an_off_site_next_falls_back_to_the_default(self, client, alice, door):
        password_step(client, door, next_url="https://evil.example/")

        response = second_step(client, door, code_now(alice.device))

        assert response.headers["Location"] == door.landing

    @every_door
    def test_remember_me_makes_the_session_last(self, client, alice, door):
        password_step(client, door, remember_me="on")

        response = second_step(client, door, code_now(alice.device))

        assert abs(int(response.cookies["sessionid"]["max-age"]) - 14 * 24 * 60 * 60) <= 5
        assert client.session.get_expire_at_browser_close() is False

    @every_door
    def test_without_remember_me_the_cookie_ends_with_the_browser(self, client, alice, door):
        password_step(client, door)

        response = second_step(client, door, code_now(alice.device))

        assert response.cookies["sessionid"]["max-age"] == ""
        assert client.session.get_expire_at_browser_close() is True

    def test_starting_over_from_the_second_step_keeps_next(self, client, alice):
        password_step(client, CADMIN, next_url="/cadmin/posts/")

        page = client.get(SECOND_STEP["cadmin"])

        assert 'href="/cadmin/login/?next=%2Fcadmin%2Fposts%2F"' in page.text


class TestWrongAndReusedCodes:
    @every_door
    def test_a_wrong_code_is_refused_with_a_message(self, client, alice, door):
        password_step(client, door)

        response = second_step(client, door, wrong_code(alice.device))

        assert response.status_code == 200
        assert "That code is not right, or it was already used." in response.text
        assert "4 attempts left" in response.text
        assert signed_in_as(client) is None

    @pytest.mark.parametrize("kind", ["app code", "recovery code"])
    def test_a_code_cannot_be_used_twice(self, client, alice, kind):
        code = code_now(alice.device) if kind == "app code" else recovery_codes(alice)[0]
        password_step(client, CADMIN)
        second_step(client, CADMIN, code)
        client.post("/cadmin/logout/")

        password_step(client, CADMIN)
        response = second_step(client, CADMIN, code)

        assert "That code is not right, or it was already used." in response.text
        assert signed_in_as(client) is None

    def test_five_wrong_codes_send_the_visitor_back_to_the_password(self, client, alice):
        password_step(client, BLOG, next_url="/cadmin/posts/")
        for _ in range(4):
            second_step(client, BLOG, wrong_code(alice.device))

        fifth = second_step(client, BLOG, wrong_code(alice.device))

        # The fifth wrong answer is also the pair's fifth failure: sign-in is paused.
        assert fifth.status_code == 429
        after = client.get(SECOND_STEP["blog"])
        assert after.status_code == 302
        assert after.headers["Location"] == "/login/"
        assert signed_in_as(client) is None

    def test_wrong_codes_count_toward_the_lockout_of_the_account_and_address(self, client, alice):
        password_step(client, CADMIN)
        for _ in range(2):
            second_step(client, CADMIN, wrong_code(alice.device))

        attempt = AccessAttempt.objects.get(username="alice")
        assert attempt.failures_since_start == 2

    def test_after_five_wrong_codes_even_the_right_password_is_paused(self, client, alice):
        password_step(client, CADMIN)
        for _ in range(5):
            second_step(client, CADMIN, wrong_code(alice.device))

        response = password_step(client, CADMIN)

        assert response.status_code == 429
        assert signed_in_as(client) is None

    def test_back_to_the_password_after_five_wrong_codes_with_a_higher_lockout_limit(
        self, client, alice, settings
    ):
        settings.TGDB_LOCKOUT_USER_FAILURES = 10
        password_step(client, CADMIN, next_url="/cadmin/posts/")
        for _ in range(4):
            second_step(client, CADMIN, wrong_code(alice.device))

        fifth = second_step(client, CADMIN, wrong_code(alice.device))

        assert fifth.status_code == 302
        assert fifth.headers["Location"] == "/cadmin/login/?next=%2Fcadmin%2Fposts%2F"
        assert client.get(fifth.headers["Location"]).status_code == 200
        assert client.get(SECOND_STEP["cadmin"]).status_code == 302
        assert signed_in_as(client) is None

    def test_a_lockout_meanwhile_refuses_even_the_right_code(self, client, alice):
        password_step(client, CADMIN)
        for _ in range(5):  # another tab guesses the password from the same address
            Client().post(CADMIN.login_url, {"username": "alice", "password": "wrong-one-1"})

        response = second_step(client, CADMIN, code_now(alice.device))

        assert response.status_code == 429
        assert signed_in_as(client) is None
        assert client.get(SECOND_STEP["cadmin"]).status_code == 302

    def test_failures_are_on_the_activity_trail(self, client, alice):
        password_step(client, CADMIN)
        second_step(client, CADMIN, wrong_code(alice.device))

        event = AccountEvent.objects.get(kind="second_step_failed")
        assert (event.user, event.door, event.detail) == (alice, "cadmin", "Wrong code")


class TestTimeLimit:
    @every_door
    def test_the_second_step_expires_after_five_minutes(self, client, alice, door):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            password_step(client, door)
            clock.shift(timedelta(minutes=5, seconds=1))

            response = second_step(client, door, code_now(alice.device))

        assert response.status_code == 302
        assert response.headers["Location"] == door.login_url
        assert signed_in_as(client) is None

    def test_within_five_minutes_it_still_works(self, client, alice):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            password_step(client, CADMIN)
            clock.shift(timedelta(minutes=4, seconds=50))

            response = second_step(client, CADMIN, code_now(alice.device))

        assert signed_in_as(client) == str(alice.pk)
        assert response.headers["Location"] == "/cadmin/"

    def test_a_password_changed_meanwhile_ends_the_half_way_state(self, client, alice):
        password_step(client, CADMIN)
        alice.set_password("a-brand-new-passphrase-42")
        alice.save()

        response = second_step(client, CADMIN, code_now(alice.device))

        assert response.headers["Location"] == "/cadmin/login/"
        assert signed_in_as(client) is None


class TestOpenedWithoutThePasswordStep:
    @pytest.mark.parametrize("url", sorted(set(SECOND_STEP.values())))
    def test_get_is_sent_to_sign_in(self, client, url):
        response = client.get(url)

        assert response.status_code == 302
        assert response.headers["Location"] in {"/login/", "/cadmin/login/"}

    @pytest.mark.parametrize("url", sorted(set(SECOND_STEP.values())))
    def test_a_posted_code_signs_nobody_in(self, client, alice, url):
        response = client.post(url, {"otp_token": code_now(alice.device)})

        assert response.status_code == 302
        assert signed_in_as(client) is None

    def test_a_signed_in_visitor_is_sent_on(self, client, alice):
        client.force_login(alice)

        response = client.get(SECOND_STEP["cadmin"])

        assert response.headers["Location"] == "/cadmin/login/"


class TestRecoveryCodes:
    def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(self, client, alice):
        code = recovery_codes(alice)[0]
        password_step(client, CADMIN)

        response = second_step(client, CADMIN, f"{code[:4]}-{code[4:]}".upper())

        assert response.headers["Location"] == "/cadmin/"
        assert signed_in_as(client) == str(alice.pk)
        page = client.get("/cadmin/")
        assert "You used a recovery code; 9 left." in page.text
        assert code not in recovery_codes(alice)
        assert AccountEvent.objects.filter(kind="recovery_code_used", detail="9 left").exists()
        assert "A recovery code was used to sign in" in mail.outbox[-1].subject

    def test_a_wrong_app_code_does_not_delay_a_recovery_code(self, client, alice):
        password_step(client, CADMIN)
        second_step(client, CADMIN, wrong_code(alice.device))

        response = second_step(client, CADMIN, recovery_codes(alice)[0])

        assert signed_in_as(client) == str(alice.pk)
        assert response.status_code == 302


BAD_CODES = {
    "empty": "",
    "ten kB": "1" * 10_000,
    "letters": "abcdef",
    "seven digits": "1234567",
    "NUL": "12\x003456",
    "full-width digits": "\uff11\uff12\uff13\uff14\uff15\uff16",
    "underscored digits": "12_345",
    "SQL": "' OR 1=1 --",
}


class TestBadCodes:
    @every_door
    @pytest.mark.parametrize("code", BAD_CODES.values(), ids=BAD_CODES.keys())
    def test_a_bad_code_gets_a_message_and_signs_nobody_in(self, client, alice, door, code):
        password_step(client, door)

        response = second_step(client, door, code)

        assert response.status_code == 200
        assert 'class="errorlist' in response.text
        assert signed_in_as(client) is None

    def test_no_code_at_all_gets_a_message(self, client, alice):
        password_step(client, CADMIN)

        response = client.post(SECOND_STEP["cadmin"], {})

        assert response.status_code == 200
        assert "This field is required." in response.text


class TestActivityTrail:
    def test_passing_is_recorded_with_the_factor_and_the_door(self, client, alice):
        password_step(client, BLOG)
        second_step(client, BLOG, code_now(alice.device))

        passed = AccountEvent.objects.get(kind="second_step_passed")
        signed_in = AccountEvent.objects.get(kind="signed_in")
        assert (passed.user, passed.door, passed.detail) == (alice, "blog", "Authenticator app")
        assert (signed_in.user, signed_in.door) == (alice, "blog")

    def test_the_admin_door_is_named_on_the_events(self, client, alice):
        password_step(client, ADMIN)
        second_step(client, ADMIN, code_now(alice.device))

        assert AccountEvent.objects.get(kind="signed_in").door == "admin"


class TestPasswordResetStillNeedsTheSecondStep:
    def test_a_new_password_from_a_reset_link_leads_to_the_second_step(self, client, alice):
        from tests.password_reset import NEW_PASSWORD, reset_link_path, set_password_path

        client.get(reset_link_path(alice))
        done = client.post(
            set_password_path(alice),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert done.status_code == 302
        assert signed_in_as(client) is None

        response = client.post("/cadmin/login/", {"username": "alice", "password": NEW_PASSWORD})

        assert response.headers["Location"] == SECOND_STEP["cadmin"]
        assert signed_in_as(client) is None


def test_the_page_never_shows_the_code_typed(client, alice):
    password_step(client, CADMIN)

    wrong = wrong_code(alice.device)

    response = second_step(client, CADMIN, wrong)

    assert wrong not in response.text
    assert not re.search(r'name="otp_token"[^>]*value=', response.text)
