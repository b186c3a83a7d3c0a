"""Signing in against the lockout, for the tests of its limits (accounts, throttle)."""

import re

from django.test import Client

from accounts.forms import WRONG_CREDENTIALS
from tests.factories import PASSWORD
from usersessions import devices

ADMIN_WRONG_CREDENTIALS = "Please enter the correct username and password for a staff account."
ELSEWHERE = "203.0.113.7"  # another address than the test client's 127.0.0.1
PAUSED = "Sign-in is paused"


def wrong_message(door) -> str:
    return ADMIN_WRONG_CREDENTIALS if door.name == "admin" else WRONG_CREDENTIALS


def sign_in(client, door, username, password=PASSWORD, **extra):
    return client.post(door.login_url, {"username": username, "password": password}, **extra)


def fail(client, door, username, times=1, **extra):
    return [sign_in(client, door, username, "not-the-password", **extra) for _ in range(times)]


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def error_section(response) -> str:
    match = re.search(r'<section class="card narrow error-page">.*?</section>', response.text, re.S)
    assert match, response.text
    return match.group(0)


def assert_paused(response, minutes=15):
    assert response.status_code == 429
    assert PAUSED in response.text
    assert f"{minutes} minutes" in response.text
    assert response.headers["Retry-After"] == str(minutes * 60)


def address(number: int) -> dict:
    return {"HTTP_X_FORWARDED_FOR": f"198.18.{number // 250}.{number % 250 + 1}"}


def known_browser(door, username: str, where: int = 9999) -> Client:
    """A browser that has signed in as `username` before (and signed out): it carries the
    account's device cookie."""
    client = Client()
    assert sign_in(client, door, username, **address(where)).status_code == 302
    assert client.cookies[devices.COOKIE_NAME].value
    client.post(door.logout_url)
    assert not is_signed_in(client)
    return client
