"""Sessions on both doors: a new key at sign-in, deleted on the server at sign-out, and
cookies a script or another site cannot use (HttpOnly, SameSite=Lax, Secure in production)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client

from tests.doors import every_door
from tests.processes import printed_json, production, python

pytestmark = [pytest.mark.django_db, every_door, pytest.mark.every_backend]


# Signs in over HTTPS in a production configuration and prints the cookies' attributes.
PRINT_PRODUCTION_COOKIES = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from tests.factories import PASSWORD, UserFactory

login_url = sys.argv[1]
call_command("migrate", verbosity=0)
UserFactory(username="alice")
client = Client()
page = client.get(login_url, secure=True)
signed_in = client.post(login_url, {"username": "alice", "password": PASSWORD}, secure=True)

def attributes(cookie):
    return {name: cookie[name] for name in ("secure", "httponly", "samesite")}

print(json.dumps({
    "page": page.status_code,
    "sign_in": signed_in.status_code,
    "csrftoken": attributes(page.cookies["csrftoken"]),
    "sessionid": attributes(signed_in.cookies["sessionid"]),
}))
"""


def sign_in(client, door, password):
    return client.post(door.login_url, {"username": "alice", "password": password})


def protected_page_redirect(door) -> str:
    return f"{door.login_url}?next={door.landing}"


def test_planted_session_key_is_replaced_at_sign_in(client, author, password, door):
    planted = SessionStore()
    planted.create()  # an attacker's key, slipped into the victim's browser before sign-in
    client.cookies["sessionid"] = planted.session_key

    sign_in(client, door, password)

    assert client.session["_auth_user_id"] == str(author.pk)
    assert client.cookies["sessionid"].value != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()
    attacker = Client()
    attacker.cookies["sessionid"] = planted.session_key
    assert attacker.get(door.landing).headers["Location"] == protected_page_redirect(door)


def test_sign_out_deletes_the_session_row_and_the_old_cookie_is_anonymous(
    client, author, password, door
):
    sign_in(client, door, password)
    session_key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=session_key).exists()

    client.post(door.logout_url)

    assert not Session.objects.filter(session_key=session_key).exists()
    replay = Client()
    replay.cookies["sessionid"] = session_key
    response = replay.get(door.landing)
    assert response.status_code == 302
    assert response.headers["Location"] == protected_page_redirect(door)
    assert "_auth_user_id" not in replay.session


@pytest.mark.parametrize("times", [1, 3])
def test_get_on_the_sign_out_url_never_signs_out(client, author, password, door, times):
    sign_in(client, door, password)
    session_key = client.cookies["sessionid"].value

    for _ in range(times):
        client.get(door.logout_url)

    assert client.session["_auth_user_id"] == str(author.pk)
    assert Session.objects.filter(session_key=session_key).exists()
    assert client.get(door.landing).status_code == 200


def test_session_cookie_is_http_only_and_same_site_lax(client, author, password, door):
    response = sign_in(client, door, password)

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_csrf_cookie_is_same_site_lax(client, door):
    response = client.get(door.login_url)

    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_production_cookies_are_secure_and_the_session_cookie_http_only(tmp_path, door):
    result = python(PRINT_PRODUCTION_COOKIES, door.login_url, **production(tmp_path / "db.sqlite3"))
    assert result.returncode == 0, result.stderr

    seen = printed_json(result)

    assert (seen["page"], seen["sign_in"]) == (200, 302)
    assert seen["sessionid"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert seen["csrftoken"]["secure"] is True
    assert seen["csrftoken"]["samesite"] == "Lax"
