"""/cadmin/security/: the authenticator app, recovery codes, passkeys and trusted browsers."""

import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountEvent
from mfa import factors
from tests.clients import signed_in
from tests.factories import UserFactory
from tests.two_factor import add_authenticator, add_passkey, code_now, recovery_codes

pytestmark = pytest.mark.django_db

SECURITY = "/cadmin/security/"
AUTHENTICATOR = "/cadmin/security/authenticator/"
RECOVERY_CODES = "/cadmin/security/recovery-codes/"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.com")


@pytest.fixture
def client(alice):
    return signed_in(alice)  # just signed in: changes need no confirmation yet


def pending_device(alice) -> TOTPDevice:
    return TOTPDevice.objects.get(user=alice, confirmed=False)


class TestTheSecurityPage:
    def test_signed_out_visitors_are_sent_to_sign_in(self, db):
        from django.test import Client

        response = Client().get(SECURITY)

        assert response.headers["Location"] == f"/cadmin/login/?next={SECURITY}"

    def test_an_account_without_factors_is_offered_both(self, client):
        page = client.get(SECURITY)

        assert page.status_code == 200
        assert "Set up an authenticator app" in page.text
        assert "No passkeys yet." in page.text
        assert "Made for you when you add your first second factor." in page.text

    def test_it_lists_every_factor_and_the_codes_left(self, client, alice):
        add_authenticator(alice)
        add_passkey(alice, "Work laptop")
        add_passkey(alice, "YubiKey")

        page = client.get(SECURITY)

        assert "On since" in page.text
        assert "Work laptop" in page.text and "YubiKey" in page.text
        assert "10 of 10 left." in page.text
        assert "This browser is not trusted" in page.text

    def test_the_dashboard_links_to_it(self, client):
        assert f'href="{SECURITY}"' in client.get("/cadmin/").text

    def test_its_query_count_does_not_grow_with_passkeys(self, client, alice):
        from tests.queries import queries_to_get

        add_authenticator(alice)
        add_passkey(alice, "one")
        with_one = queries_to_get(client, SECURITY)
        for number in range(5):
            add_passkey(alice, f"key {number}")

        assert queries_to_get(client, SECURITY) == with_one


class TestAuthenticatorSetUp:
    def test_the_page_shows_a_qr_code_the_key_as_text_and_an_otpauth_link(self, client, alice):
        page = client.get(AUTHENTICATOR)

        device = pending_device(alice)
        secret = factors.base32_secret(device)
        assert page.status_code == 200
        assert "<svg" in page.text and "QR code for your authenticator app" in page.text
        grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        assert grouped in page.text
        assert 'href="otpauth://totp/' in page.text
        assert f"secret={secret}" in page.text
        assert 'name="otp_token"' in page.text

    def test_reloading_keeps_the_same_key(self, client, alice):
        client.get(AUTHENTICATOR)
        first = pending_device(alice).key

        client.get(AUTHENTICATOR)

        assert pending_device(alice).key == first
        assert TOTPDevice.objects.filter(user=alice).count() == 1

    def test_it_is_not_a_factor_until_a_code_confirms_it(self, client, alice):
        client.get(AUTHENTICATOR)

        assert not factors.has_second_factor(alice)

    def test_a_wrong_code_is_refused(self, client, alice):
        client.get(AUTHENTICATOR)
        right = code_now(pending_device(alice))
        wrong = "123456" if right != "123456" else "654321"

        response = client.post(AUTHENTICATOR, {"otp_token": wrong})

        assert response.status_code == 200
        assert "That code is not right" in response.text
        assert not factors.has_second_factor(alice)

    def test_a_right_code_turns_it_on_and_shows_the_recovery_codes_once(self, client, alice):
        client.get(AUTHENTICATOR)

        response = client.post(AUTHENTICATOR, {"otp_token": code_now(pending_device(alice))})

        assert response.headers["Location"] == RECOVERY_CODES
        assert factors.authenticator(alice) is not None
        codes = recovery_codes(alice)
        assert len(codes) == 10
        page = client.get(RECOVERY_CODES)
        for code in codes:
            assert f"{code[:4]}-{code[4:]}" in page.text
        client.get(SECURITY)  # seen: never shown again
        again = client.get(RECOVERY_CODES)
        assert again.headers["Location"] == SECURITY

    def test_the_codes_download_as_a_text_file(self, client, alice):
        client.get(AUTHENTICATOR)
        client.post(AUTHENTICATOR, {"otp_token": code_now(pending_device(alice))})

        download = client.get(f"{RECOVERY_CODES}download/")

        assert download.status_code == 200
        assert download["Content-Type"] == "text/plain; charset=utf-8"
        assert download["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
        body = download.content.decode()
        for code in recovery_codes(alice):
            assert f"{code[:4]}-{code[4:]}" in body

    def test_turning_it_on_is_audited_and_announced(self, client, alice):
        client.get(AUTHENTICATOR)
        client.post(AUTHENTICATOR, {"otp_token": code_now(pending_device(alice))})

        event = AccountEvent.objects.get(kind="factor_added")
        assert (event.user, event.detail) == (alice, "Authenticator app")
        notice = mail.outbox[-1]
        assert notice.to == ["alice@example.com"]
        assert "An authenticator app was added to your account." in notice.body
        assert "http://testserver/cadmin/security/" in notice.body

    def test_the_session_that_set_it_up_counts_as_verified(self, client, alice):
        client.get(AUTHENTICATOR)
        client.post(AUTHENTICATOR, {"otp_token": code_now(pending_device(alice))})

        assert client.session["otp_device_id"] == factors.authenticator(alice).persistent_id

    def test_removing_it_is_a_post(self, client, alice):
        add_authenticator(alice)

        asked = client.get(f"{AUTHENTICATOR}remove/")
        assert asked.status_code == 200
        assert factors.authenticator(alice) is not None

        response = client.post(f"{AUTHENTICATOR}remove/")

        assert response.headers["Location"] == SECURITY
        assert factors.authenticator(alice) is None
        assert AccountEvent.objects.filter(kind="factor_removed", user=alice).exists()
        assert "The authenticator app was removed" in mail.outbox[-1].body

    def test_removing_the_last_factor_removes_the_recovery_codes(self, client, alice):
        add_authenticator(alice)

        client.post(f"{AUTHENTICATOR}remove/")

        assert recovery_codes(alice) == []


class TestRecoveryCodes:
    def test_making_new_codes_voids_the_old_ones(self, client, alice):
        add_authenticator(alice)
        old = set(recovery_codes(alice))

        response = client.post(f"{RECOVERY_CODES}new/")

        assert response.headers["Location"] == RECOVERY_CODES
        new = set(recovery_codes(alice))
        assert len(new) == 10 and not new & old
        page = client.get(RECOVERY_CODES)
        assert all(f"{c[:4]}-{c[4:]}" in page.text for c in new)
        assert AccountEvent.objects.filter(kind="recovery_codes_made", user=alice).exists()
        assert "New recovery codes were made" in mail.outbox[-1].body

    def test_no_codes_without_a_factor(self, client, alice):
        client.post(f"{RECOVERY_CODES}new/")

        assert recovery_codes(alice) == []

    def test_codes_are_never_shown_again_later(self, client, alice):
        add_authenticator(alice)

        response = client.get(RECOVERY_CODES)

        assert response.headers["Location"] == SECURITY
        assert client.get(f"{RECOVERY_CODES}download/").status_code == 302


class TestPasskeys:
    def test_a_passkey_can_be_renamed(self, client, alice):
        passkey = add_passkey(alice, "Passkey 1")

        response = client.post(f"/cadmin/security/passkeys/{passkey.pk}/", {"name": "Phone"})

        assert response.headers["Location"] == SECURITY
        passkey.refresh_from_db()
        assert passkey.name == "Phone"
        assert AccountEvent.objects.get(kind="factor_renamed").detail == "Passkey 1 → Phone"

    def test_an_empty_or_huge_name_is_refused(self, client, alice):
        passkey = add_passkey(alice, "Passkey 1")
        for name in ("", "x" * 65):
            response = client.post(f"/cadmin/security/passkeys/{passkey.pk}/", {"name": name})
            assert response.status_code == 200
            assert 'class="errorlist' in response.text
        passkey.refresh_from_db()
        assert passkey.name == "Passkey 1"

    def test_a_passkey_can_be_removed(self, client, alice):
        passkey = add_passkey(alice)

        response = client.post(f"/cadmin/security/passkeys/{passkey.pk}/remove/")

        assert response.headers["Location"] == SECURITY
        assert not factors.passkeys(alice).exists()
        assert "A passkey was removed from your account." in mail.outbox[-1].body

    def test_another_accounts_passkey_is_not_found(self, client, alice):
        bobs = add_passkey(UserFactory(username="bob"))

        for url in (
            f"/cadmin/security/passkeys/{bobs.pk}/",
            f"/cadmin/security/passkeys/{bobs.pk}/remove/",
        ):
            assert client.get(url).status_code == 404
            assert client.post(url, {"name": "mine now"}).status_code == 404
        bobs.refresh_from_db()
        assert bobs.name == "YubiKey"


class TestRequiredSecondFactor:
    def test_the_last_factor_cannot_be_removed_when_one_is_required(self, client, alice, settings):
        settings.TGDB_REQUIRE_2FA = "all"
        add_authenticator(alice)

        response = client.post(f"{AUTHENTICATOR}remove/")

        assert response.headers["Location"] == SECURITY
        assert factors.authenticator(alice) is not None

    def test_one_of_two_may_go(self, client, alice, settings):
        settings.TGDB_REQUIRE_2FA = "all"
        add_authenticator(alice)
        add_passkey(alice)

        client.post(f"{AUTHENTICATOR}remove/")

        assert factors.authenticator(alice) is None


def test_no_secret_is_on_the_activity_trail(client, alice):
    client.get(AUTHENTICATOR)
    device = pending_device(alice)
    client.post(AUTHENTICATOR, {"otp_token": code_now(device)})

    trail = " ".join(f"{e.username} {e.detail} {e.user_agent}" for e in AccountEvent.objects.all())
    assert factors.base32_secret(device) not in trail
    assert not re.search(r"\b\d{6}\b", trail)
