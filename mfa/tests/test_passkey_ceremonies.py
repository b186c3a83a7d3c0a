"""Passkeys over HTTP, as the browser script sends them, signed by a software authenticator
(bench/authenticator.py): password-free sign-in, the second step, confirming, and every forged,
replayed, foreign or malformed answer refused with a 4xx and nobody signed in."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from accounts.models import AccountEvent
from bench.authenticator import Authenticator, b64url
from tests.clients import signed_in_as
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HOST = "localhost"  # passkeys belong to the relying party id, never to an IP address
ORIGIN = f"http://{HOST}"
BEGIN = "/passkeys/authenticate/begin/"
COMPLETE = "/passkeys/authenticate/complete/"


@pytest.fixture
def alice(db):
    user = UserFactory(username="alice")
    user.passkey = Authenticator.for_user("alice")
    user.credential = user.passkey.store(user)
    return user


@pytest.fixture
def client():
    return Client(HTTP_HOST=HOST)


def begin(client) -> dict:
    response = client.post(BEGIN)
    assert response.status_code == 200, response.content
    return response.json()


def complete(client, assertion: dict, query: str = ""):
    return client.post(f"{COMPLETE}{query}", json.dumps(assertion), content_type="application/json")


def sign_in_with(client, authenticator, query="", origin=ORIGIN):
    return complete(client, authenticator.assertion(begin(client), origin), query)


class TestPasswordFreeSignIn:
    def test_a_passkey_signs_in_and_lands_on_the_dashboard(self, client, alice):
        response = sign_in_with(client, alice.passkey)

        assert response.status_code == 200
        assert response.json()["redirect_url"] == "/cadmin/"
        assert signed_in_as(client) == str(alice.pk)
        assert client.session["otp_device_id"] == alice.credential.persistent_id
        assert client.get("/cadmin/").status_code == 200

    def test_it_is_its_own_event_on_the_activity_trail(self, client, alice):
        sign_in_with(client, alice.passkey, "?door=blog")

        event = AccountEvent.objects.get(user=alice)
        assert (event.kind, event.door) == ("passkey_signed_in", "blog")

    def test_a_safe_next_is_honoured(self, client, alice):
        response = sign_in_with(client, alice.passkey, "?door=cadmin&next=/cadmin/posts/")

        assert response.json()["redirect_url"] == "/cadmin/posts/"

    @pytest.mark.parametrize("bad_next", ["https://evil.example/", "//evil.example", "/\\evil"])
    def test_an_unsafe_next_falls_back_to_the_doors_page(self, client, alice, bad_next):
        response = sign_in_with(client, alice.passkey, f"?door=blog&next={bad_next}")

        assert response.json()["redirect_url"] == "/admin_page/"

    def test_user_verification_is_required_without_a_password(self, client, alice):
        options = begin(client)

        assert options["userVerification"] == "required"
        assert "allowCredentials" not in options or options["allowCredentials"] == []

    def test_the_passkey_records_its_last_use(self, client, alice):
        sign_in_with(client, alice.passkey)

        alice.credential.refresh_from_db()
        assert alice.credential.last_used_at is not None

    def test_an_inactive_account_is_refused(self, client, alice):
        alice.is_active = False
        alice.save()

        response = sign_in_with(client, alice.passkey)

        assert response.status_code == 403
        assert signed_in_as(client) is None


class TestRefused:
    def test_a_replayed_answer_is_refused(self, client, alice):
        answer = alice.passkey.assertion(begin(client), ORIGIN)
        assert complete(client, answer).status_code == 200
        client.post("/cadmin/logout/")

        replay = complete(client, answer)

        assert replay.status_code == 400
        assert signed_in_as(client) is None

    def test_an_answer_for_an_old_challenge_is_refused(self, client, alice):
        old = alice.passkey.assertion(begin(client), ORIGIN)
        begin(client)  # a new challenge replaces the one the answer signed

        response = complete(client, old)

        assert response.status_code == 422
        assert signed_in_as(client) is None

    def test_a_forged_signature_is_refused(self, client, alice):
        answer = alice.passkey.assertion(begin(client), ORIGIN)
        answer["response"]["signature"] = b64url(b"\x30\x06\x02\x01\x01\x02\x01\x01")

        response = complete(client, answer)

        assert response.status_code == 422
        assert signed_in_as(client) is None

    def test_a_passkey_made_on_another_site_is_refused(self, client, alice):
        response = sign_in_with(client, alice.passkey, origin="https://evil.example")

        assert response.status_code == 422
        assert signed_in_as(client) is None

    def test_a_key_that_is_not_the_stored_one_is_refused(self, client, alice):
        impostor = Authenticator(b"someone else")
        impostor.credential_id = alice.passkey.credential_id

        response = sign_in_with(client, impostor)

        assert response.status_code == 422
        assert signed_in_as(client) is None

    def test_a_removed_passkey_is_refused(self, client, alice):
        alice.credential.delete()

        response = sign_in_with(client, alice.passkey)

        assert response.status_code == 404
        assert "not found" in response.json()["detail"]
        assert signed_in_as(client) is None

    def test_completing_without_beginning_is_refused(self, client, alice):
        other = Client(HTTP_HOST=HOST)
        answer = alice.passkey.assertion(begin(other), ORIGIN)

        response = complete(client, answer)

        assert response.status_code == 400
        assert signed_in_as(client) is None

    def test_on_an_ip_address_passkeys_explain_themselves(self, alice):
        client = Client(HTTP_HOST="127.0.0.1")

        response = client.post(BEGIN)

        assert response.status_code == 400
        assert "not an IP address" in response.json()["detail"]


MALFORMED_BODIES = {
    "not JSON": "{not json",
    "a list": "[1, 2, 3]",
    "a string": '"hello"',
    "a number": "12",
    "null": "null",
    "an empty object": "{}",
    "wrong types": '{"id": 5, "rawId": [], "response": "x", "type": 7}',
    "a response that is a list": '{"id": "AA", "rawId": "AA", "type": "public-key", '
    '"response": []}',
    "bad base64": '{"id": "!!", "rawId": "!!", "type": "public-key", "response": '
    '{"clientDataJSON": "!!", "authenticatorData": "!!", "signature": "!!"}}',
    "NUL": '{"id": "\\u0000", "rawId": "\\u0000", "type": "public-key", "response": {}}',
    "10 kB id": json.dumps({"id": "A" * 10_000, "rawId": "A" * 10_000, "type": "public-key"}),
}


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
def test_malformed_answers_get_a_4xx_with_a_message(client, alice, body):
    begin(client)

    response = client.post(COMPLETE, body, content_type="application/json")

    assert 400 <= response.status_code < 500, response.content
    assert response.json()["detail"]
    assert signed_in_as(client) is None


def password_step(client, username="alice"):
    response = client.post(
        "/login/", {"username": username, "password": PASSWORD, "next": "/cadmin/posts/"}
    )
    assert response.headers["Location"] == "/login/verify/"


class TestSecondStep:
    def test_a_passkey_passes_the_second_step_and_keeps_next(self, client, alice):
        password_step(client)

        options = begin(client)
        response = complete(client, alice.passkey.assertion(options, ORIGIN))

        assert [c["id"] for c in options["allowCredentials"]] == [
            b64url(alice.passkey.credential_id)
        ]
        assert response.status_code == 200
        assert response.json()["redirect_url"] == "/cadmin/posts/"
        assert signed_in_as(client) == str(alice.pk)
        passed = AccountEvent.objects.get(kind="second_step_passed")
        assert (passed.door, passed.detail) == ("blog", "Passkey “Bench passkey”")
        assert AccountEvent.objects.get(kind="signed_in").door == "blog"

    def test_another_accounts_passkey_does_not_pass_it(self, client, alice):
        bob = UserFactory(username="bob")
        bobs = Authenticator.for_user("bob")
        bobs.store(bob)
        password_step(client)
        options = begin(client)
        options["allowCredentials"] = []  # a script that ignores the server's list

        response = complete(client, bobs.assertion(options, ORIGIN))

        assert response.status_code == 403
        assert signed_in_as(client) is None
        assert AccountEvent.objects.get(kind="second_step_failed").user == alice

    def test_five_refused_passkeys_end_the_half_way_state(self, client, alice, settings):
        settings.TGDB_LOCKOUT_USER_FAILURES = 10
        password_step(client)
        for _ in range(5):
            answer = alice.passkey.assertion(begin(client), "https://evil.example")
            complete(client, answer)

        assert client.get("/login/verify/").status_code == 302
        assert signed_in_as(client) is None


class TestConfirming:
    def test_a_passkey_confirms_it_is_you(self, alice):
        client = Client(HTTP_HOST=HOST)
        client.force_login(alice)

        response = sign_in_with(client, alice.passkey, "?next=/cadmin/profile/")

        assert response.json()["redirect_url"] == "/cadmin/profile/"
        confirmed = AccountEvent.objects.get(kind="confirmed")
        assert (confirmed.detail, confirmed.door) == ("Passkey “Bench passkey”", "cadmin")

    def test_only_your_own_passkey_confirms(self, alice):
        bob = UserFactory(username="bob")
        bobs = Authenticator.for_user("bob")
        bobs.store(bob)
        client = Client(HTTP_HOST=HOST)
        client.force_login(alice)
        options = begin(client)
        options["allowCredentials"] = []

        response = complete(client, bobs.assertion(options, ORIGIN))

        assert response.status_code == 403
        assert not AccountEvent.objects.filter(kind="confirmed").exists()


class TestRegistration:
    def test_adding_a_passkey_needs_a_recent_confirmation(self, alice):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            client = Client(HTTP_HOST=HOST)
            client.force_login(alice)
            clock.shift(timedelta(minutes=11))

            response = client.post("/passkeys/register/begin/")

        assert response.status_code == 403
        assert "Confirm it is you" in response.json()["detail"]

    def test_just_signed_in_it_may_begin(self, alice):
        client = Client(HTTP_HOST=HOST)
        client.force_login(alice)

        response = client.post("/passkeys/register/begin/")

        assert response.status_code == 200
        options = response.json()
        assert options["rp"]["id"] == "localhost"
        assert options["authenticatorSelection"]["residentKey"] == "required"
        # The passkeys already there are excluded, so one device is not added twice.
        assert options["excludeCredentials"][0]["id"] == b64url(alice.passkey.credential_id)

    def test_signed_out_visitors_cannot_register(self, client):
        assert client.post("/passkeys/register/begin/").status_code == 403

    @pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
    def test_malformed_registrations_get_a_4xx(self, alice, body):
        client = Client(HTTP_HOST=HOST)
        client.force_login(alice)
        client.post("/passkeys/register/begin/")

        response = client.post(
            "/passkeys/register/complete/", body, content_type="application/json"
        )

        assert 400 <= response.status_code < 500, response.content
