"""'Confirm it is you' before sensitive changes, unless signed in or confirmed in the last 10
minutes; an interrupted form comes back filled in, without its secrets."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client

from accounts.models import AccountEvent
from mfa import factors
from tests.factories import PASSWORD, UserFactory
from tests.two_factor import add_authenticator, code_now, recovery_codes

pytestmark = pytest.mark.django_db

CONFIRM = "/cadmin/confirm/"
PASSWORD_CHANGE = "/cadmin/password-change/"
# The profile page itself needs no confirmation; sending it with a new e-mail address does.
PROFILE = "/cadmin/profile/"
# Each change the security page makes, and the password change.
GUARDED_PAGES = [
    "/cadmin/security/authenticator/",
    "/cadmin/security/authenticator/remove/",
    "/cadmin/security/recovery-codes/new/",
    "/cadmin/security/trusted-browsers/forget/",
    PASSWORD_CHANGE,
]


@pytest.fixture
def alice(db):
    user = UserFactory(username="alice", email="alice@example.com")
    user.device = add_authenticator(user)
    return user


@pytest.fixture
def clock():
    with time_machine.travel("2026-11-24 12:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def stale_client(alice, clock):
    """Signed in eleven minutes ago."""
    client = Client()
    client.post("/cadmin/login/", {"username": "alice", "password": PASSWORD})
    client.post("/cadmin/login/verify/", {"otp_token": code_now(alice.device)})
    clock.shift(timedelta(minutes=11))
    return client


class TestWhenToConfirm:
    @pytest.mark.parametrize("url", GUARDED_PAGES)
    def test_a_stale_sign_in_is_asked_to_confirm_and_sent_back(self, stale_client, url):
        response = stale_client.get(url)

        assert response.status_code == 302
        assert response.headers["Location"] == f"{CONFIRM}?next={url.replace('/', '%2F')}"

    @pytest.mark.parametrize("url", [*GUARDED_PAGES, PROFILE])
    def test_a_post_is_not_applied_either(self, stale_client, alice, url):
        response = stale_client.post(url, {"email": "new@example.com"})

        assert response.headers["Location"].startswith(CONFIRM)
        alice.refresh_from_db()
        assert alice.email == "alice@example.com"
        assert factors.authenticator(alice) is not None

    def test_within_ten_minutes_of_signing_in_nothing_is_asked(self, alice, clock):
        client = Client()
        client.post("/cadmin/login/", {"username": "alice", "password": PASSWORD})
        client.post("/cadmin/login/verify/", {"otp_token": code_now(alice.device)})
        clock.shift(timedelta(minutes=9, seconds=59))

        assert client.get(PASSWORD_CHANGE).status_code == 200
        response = client.post(PROFILE, {"email": "alice@new.example"})
        assert response.headers["Location"] == PROFILE

    def test_the_security_page_itself_needs_no_confirmation(self, stale_client):
        assert stale_client.get("/cadmin/security/").status_code == 200

    def test_the_profile_page_and_a_new_name_need_no_confirmation(self, stale_client, alice):
        assert stale_client.get(PROFILE).status_code == 200
        response = stale_client.post(
            PROFILE, {"display_name": "Alice L.", "bio": "", "email": "ALICE@example.com"}
        )

        assert response.headers["Location"] == PROFILE
        alice.refresh_from_db()
        assert (alice.display_name, alice.email) == ("Alice L.", "alice@example.com")


class TestConfirming:
    def test_the_page_offers_password_and_code(self, stale_client):
        page = stale_client.get(f"{CONFIRM}?next=/cadmin/profile/")

        assert page.status_code == 200
        assert 'name="password"' in page.text and 'name="otp_token"' in page.text
        assert 'name="next" value="/cadmin/profile/"' in page.text

    def test_the_password_confirms_and_leads_back(self, stale_client, alice):
        response = stale_client.post(CONFIRM, {"password": PASSWORD, "next": PASSWORD_CHANGE})

        assert response.headers["Location"] == PASSWORD_CHANGE
        assert stale_client.get(PASSWORD_CHANGE).status_code == 200
        assert AccountEvent.objects.get(kind="confirmed").detail == "Password"

    def test_a_code_confirms(self, stale_client, alice):
        response = stale_client.post(
            CONFIRM, {"otp_token": code_now(alice.device, 1), "next": PASSWORD_CHANGE}
        )

        assert response.headers["Location"] == PASSWORD_CHANGE
        assert AccountEvent.objects.get(kind="confirmed").detail == "Authenticator app"

    def test_a_recovery_code_confirms_once(self, stale_client, alice):
        code = recovery_codes(alice)[0]

        stale_client.post(CONFIRM, {"otp_token": code})

        assert code not in recovery_codes(alice)

    def test_confirming_lasts_ten_minutes(self, stale_client, clock):
        stale_client.post(CONFIRM, {"password": PASSWORD})
        clock.shift(timedelta(minutes=10, seconds=1))

        assert stale_client.get(PASSWORD_CHANGE).headers["Location"].startswith(CONFIRM)

    def test_an_off_site_next_leads_to_the_security_page(self, stale_client):
        response = stale_client.post(
            CONFIRM, {"password": PASSWORD, "next": "https://evil.example/"}
        )

        assert response.headers["Location"] == "/cadmin/security/"

    def test_nothing_typed_gets_a_message(self, stale_client):
        response = stale_client.post(CONFIRM, {})

        assert response.status_code == 200
        assert "Enter your password or a code." in response.text

    @pytest.mark.parametrize("code", ["1" * 10_000, "abc", "12\x003456"])
    def test_a_malformed_code_gets_a_message(self, stale_client, code):
        response = stale_client.post(CONFIRM, {"otp_token": code})

        assert response.status_code == 200
        assert 'class="errorlist' in response.text

    def test_signed_out_visitors_are_sent_to_sign_in(self, db):
        response = Client().get(CONFIRM)

        assert response.headers["Location"] == f"/cadmin/login/?next={CONFIRM}"


class TestRateLimit:
    def test_a_wrong_password_counts_toward_the_sign_in_lockout(self, stale_client, alice):
        response = stale_client.post(CONFIRM, {"password": "not-her-password"})

        assert response.status_code == 200
        assert "That is not right." in response.text
        assert AccessAttempt.objects.get(username="alice").failures_since_start == 1
        assert AccountEvent.objects.filter(kind="confirm_failed", user=alice).count() == 1

    def test_a_wrong_code_counts_too(self, stale_client, alice):
        stale_client.post(CONFIRM, {"otp_token": "000000"})

        assert AccessAttempt.objects.get(username="alice").failures_since_start == 1

    def test_five_wrong_answers_pause_confirming_even_with_the_right_password(self, stale_client):
        for _ in range(4):
            stale_client.post(CONFIRM, {"password": "not-her-password"})
        fifth = stale_client.post(CONFIRM, {"password": "not-her-password"})

        assert fifth.status_code == 429
        right = stale_client.post(CONFIRM, {"password": PASSWORD, "next": PASSWORD_CHANGE})
        assert right.status_code == 429
        assert stale_client.get(PASSWORD_CHANGE).headers["Location"].startswith(CONFIRM)

    def test_once_paused_even_the_right_code_is_refused(self, stale_client, alice):
        for _ in range(5):
            stale_client.post(CONFIRM, {"password": "not-her-password"})

        response = stale_client.post(CONFIRM, {"otp_token": code_now(alice.device, 1)})

        assert response.status_code == 429
        assert stale_client.get(PASSWORD_CHANGE).headers["Location"].startswith(CONFIRM)


class TestInterruptedForms:
    def test_the_email_typed_comes_back_after_confirming(self, stale_client, alice):
        stale_client.post(PROFILE, {"display_name": "Alice L.", "email": "alice@new.example"})
        back = stale_client.post(CONFIRM, {"password": PASSWORD, "next": PROFILE})

        page = stale_client.get(back.headers["Location"])

        assert 'value="alice@new.example"' in page.text
        assert 'value="Alice L."' in page.text
        alice.refresh_from_db()
        # Never saved without the author's click: neither the address nor the name with it.
        assert (alice.email, alice.display_name) == ("alice@example.com", "")

    def test_passwords_are_never_kept(self, stale_client):
        stale_client.post(
            "/cadmin/password-change/",
            {"old_password": PASSWORD, "new_password1": "brand-new-pass-99"},
        )

        kept = stale_client.session["mfa_interrupted_form"]
        assert kept["data"] == {}

    def test_the_kept_form_is_only_for_its_own_page(self, stale_client):
        stale_client.post(PROFILE, {"email": "alice@new.example"})
        stale_client.post(CONFIRM, {"password": PASSWORD})

        page = stale_client.get("/cadmin/security/authenticator/")

        assert "alice@new.example" not in page.text
