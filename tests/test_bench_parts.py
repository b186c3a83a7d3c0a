"""The bench's own parts, without a server: its software passkey, the codes of its
authenticator apps, and the stock admin sign-in page it compares ours with."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from webauthn import verify_authentication_response
from webauthn.helpers import generate_challenge, parse_authentication_credential_json
from webauthn.helpers.exceptions import InvalidAuthenticationResponse

from bench.authenticator import Authenticator, b64url
from bench.ceremonies import TOTP_STEP, AppCodes
from bench.scenarios import app_key
from tests.factories import PASSWORD, UserFactory

ORIGIN = "http://localhost:8000"


def verify(credential: dict, challenge: bytes, authenticator: Authenticator):
    return verify_authentication_response(
        credential=parse_authentication_credential_json(json.dumps(credential)),
        expected_challenge=challenge,
        expected_rp_id="localhost",
        expected_origin=[ORIGIN],
        credential_public_key=authenticator.cose_public_key(),
        credential_current_sign_count=0,
        require_user_verification=True,
    )


def test_the_software_passkey_answers_a_challenge_as_py_webauthn_expects():
    authenticator = Authenticator.for_user("someone")
    challenge = generate_challenge()

    credential = authenticator.assertion(
        {"challenge": b64url(challenge), "rpId": "localhost"}, ORIGIN
    )

    verified = verify(credential, challenge, authenticator)
    assert verified.user_verified
    assert verified.new_sign_count == 0
    assert credential["response"]["userHandle"] == b64url(authenticator.user_handle)


def test_its_signature_holds_for_that_challenge_only():
    authenticator = Authenticator.for_user("someone")
    options = {"challenge": b64url(generate_challenge()), "rpId": "localhost"}

    with pytest.raises(InvalidAuthenticationResponse):
        verify(authenticator.assertion(options, ORIGIN), generate_challenge(), authenticator)


def test_each_account_has_its_own_key_and_every_process_the_same_one():
    assert (
        Authenticator.for_user("a").cose_public_key()
        == Authenticator.for_user("a").cose_public_key()
    )
    assert Authenticator.for_user("a").credential_id != Authenticator.for_user("b").credential_id


@pytest.fixture
def passkeys_on_localhost(settings):
    settings.TGDB_WEBAUTHN_RP_ID = settings.OTP_WEBAUTHN_RP_ID = "localhost"


@pytest.mark.django_db
def test_a_stored_credential_signs_in_without_a_password(passkeys_on_localhost):
    user = UserFactory(username="keyholder")
    authenticator = Authenticator.for_user("keyholder")
    authenticator.store(user)
    client = Client(HTTP_HOST="localhost")

    options = client.post("/passkeys/authenticate/begin/").json()
    credential = authenticator.assertion(options, "http://localhost")
    query = urlencode({"door": "cadmin", "next": "/cadmin/"})
    answer = client.post(
        f"/passkeys/authenticate/complete/?{query}", credential, content_type="application/json"
    )

    assert answer.status_code == 200, answer.content
    assert answer.json()["redirect_url"] == "/cadmin/"
    assert client.get("/cadmin/").wsgi_request.user == user


def test_an_apps_code_of_one_step_is_handed_out_once():
    now = [TOTP_STEP * 1000 + 1.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    codes = AppCodes(accounts=("a", "b"), clock=lambda: now[0], sleep=sleep)
    first, second = codes.account(), codes.account()
    codes.code(first), codes.code(second)

    third = codes.account()

    assert {first, second} == {"a", "b"}
    assert waits == [pytest.approx(TOTP_STEP - 1 + 0.01)]  # the rest of the step, untimed
    assert third == first


@pytest.mark.django_db
def test_the_benchs_app_codes_are_the_ones_django_otp_takes():
    user = UserFactory(username="coder")
    device = TOTPDevice.objects.create(user=user, key=app_key("coder").hex(), confirmed=True)

    assert device.verify_token(AppCodes(accounts=("coder",)).code("coder"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("urlconf", "landing"), [("tgdb.urls", "/cadmin/login/verify/"), ("bench.urls", "/admin/")]
)
def test_the_bench_compares_with_djangos_stock_admin_sign_in(settings, urlconf, landing):
    """The site's admin page asks staff with a second factor for it; Django's own does not."""
    settings.ROOT_URLCONF = urlconf
    staff = UserFactory(username="staffer", is_staff=True)
    TOTPDevice.objects.create(user=staff, key=app_key("staffer").hex(), confirmed=True)

    answer = Client().post(
        "/admin/login/", {"username": "staffer", "password": PASSWORD, "next": "/admin/"}
    )

    assert answer.status_code == 302
    assert answer["Location"] == landing
