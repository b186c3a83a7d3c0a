"""Both sign-in pages offer a passkey, in a button and in the username field's suggestions; on
a bare IP address they say why they cannot instead."""

import json
import re

import pytest
from django.test import Client

from tests.doors import every_door

pytestmark = pytest.mark.django_db


def passkey_config(page) -> dict:
    found = re.search(
        r'<script id="otp_webauthn_config" type="application/json">(.*?)</script>', page.text
    )
    assert found, page.text
    return json.loads(found.group(1))


@every_door
def test_the_sign_in_page_has_a_passkey_button_and_offers_autofill(door):
    page = Client(HTTP_HOST="localhost").get(door.login_url)

    assert 'id="passkey-verification-button"' in page.text
    assert "Sign in with a passkey" in page.text
    assert "/static/django_otp_webauthn/otp_webauthn_auth.js" in page.text
    config = passkey_config(page)
    # The package's script marks this field "username webauthn" and starts conditional
    # mediation where the browser supports it.
    assert config["autocompleteLoginFieldSelector"] == "input[name='username']"
    assert config["completeAuthenticationUrl"] == f"/passkeys/authenticate/complete/?door={door}"
    assert config["nextFieldSelector"] == "input[name='next']"


@every_door
@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]"])
def test_on_an_ip_address_the_page_explains_instead(door, host):
    page = Client(HTTP_HOST=host).get(door.login_url)

    assert page.status_code == 200
    assert "Passkeys are not available at this address" in page.text
    assert f"http://localhost{door.login_url}" in page.text
    assert "otp_webauthn_auth.js" not in page.text
    assert 'id="passkey-verification-button"' not in page.text


def test_the_port_is_kept_in_the_address_to_open(db):
    page = Client(HTTP_HOST="127.0.0.1:8000").get("/cadmin/login/")

    assert "http://localhost:8000/cadmin/login/" in page.text


def test_the_scripts_are_same_origin_under_the_content_security_policy(db):
    page = Client(HTTP_HOST="localhost").get("/cadmin/login/")

    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    for source in re.findall(r'<script[^>]* src="([^"]+)"', page.text):
        assert source.startswith("/"), source
    catalog = Client(HTTP_HOST="localhost").get("/passkeys/jsi18n/")
    assert catalog.status_code == 200
