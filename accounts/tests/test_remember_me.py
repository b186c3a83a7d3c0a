"""The "remember me" box: a session that ends with the browser, or one that lasts 14 days."""

import re

import pytest
from django.conf import settings

from tests.doors import ADMIN, every_door
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOURTEEN_DAYS = 14 * 24 * 60 * 60
LEEWAY = 5  # seconds: the test may straddle a clock tick


def sign_in(client, door, password, **extra):
    return client.post(door.login_url, {"username": "alice", "password": password, **extra})


def session_cookie(response):
    return response.cookies[settings.SESSION_COOKIE_NAME]


def assert_browser_session(client, response):
    cookie = session_cookie(response)
    assert cookie.value  # a session was started...
    assert cookie["max-age"] == ""  # ...with a cookie the browser drops when it closes
    assert cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close() is True


def assert_remembered_for_fourteen_days(client, response):
    cookie = session_cookie(response)
    assert abs(int(cookie["max-age"]) - FOURTEEN_DAYS) <= LEEWAY
    assert cookie["expires"]
    assert client.session.get_expire_at_browser_close() is False
    assert abs(client.session.get_expiry_age() - FOURTEEN_DAYS) <= LEEWAY


@every_door
def test_unchecked_box_gives_a_cookie_that_ends_with_the_browser(client, author, password, door):
    response = sign_in(client, door, password)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(author.pk)
    assert_browser_session(client, response)


@every_door
def test_checked_box_keeps_the_session_for_fourteen_days(client, author, password, door):
    response = sign_in(client, door, password, remember_me="on")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(author.pk)
    assert_remembered_for_fourteen_days(client, response)


@every_door
def test_login_page_has_a_labelled_checkbox_that_starts_unchecked(client, door):
    response = client.get(door.login_url)

    checkbox = re.search(r'<input type="checkbox" name="remember_me"[^>]*>', response.text)
    assert checkbox is not None
    assert 'id="id_remember_me"' in checkbox.group()
    assert "checked" not in checkbox.group()
    assert '<label for="id_remember_me">Keep me signed in for 14 days</label>' in response.text


@every_door
@pytest.mark.parametrize("value", ["maybe", "yes", "1", "true", "0"])
def test_any_other_non_empty_value_counts_as_checked(client, author, password, door, value):
    # Django's CheckboxInput reads every non-empty value except "false" (any case) as ticked;
    # even "0", which only BooleanField (not the checkbox widget) would treat as false.
    response = sign_in(client, door, password, remember_me=value)

    assert response.status_code == 302
    assert_remembered_for_fourteen_days(client, response)


@every_door
@pytest.mark.parametrize("value", ["", "false", "False", "FALSE"])
def test_empty_or_false_values_count_as_unchecked(client, author, password, door, value):
    response = sign_in(client, door, password, remember_me=value)

    assert response.status_code == 302
    assert_browser_session(client, response)


@every_door
def test_a_failed_sign_in_with_the_box_checked_starts_no_lasting_session(client, author, door):
    response = sign_in(client, door, "not-her-password", remember_me="on")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'name="remember_me"' in response.text
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    assert cookie is None or cookie["max-age"] == ""


def test_django_admin_sign_in_gives_a_cookie_that_ends_with_the_browser(client, password):
    staff = UserFactory(username="alice", is_staff=True)
    assert 'name="remember_me"' not in client.get(ADMIN.login_url).text

    response = sign_in(client, ADMIN, password, next="/admin/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert_browser_session(client, response)


def test_django_admin_ignores_a_posted_remember_me(client, password):
    # The admin page has no such box; a forged field must not buy a lasting session.
    UserFactory(username="alice", is_staff=True)

    response = sign_in(client, ADMIN, password, next="/admin/", remember_me="on")

    assert response.status_code == 302
    assert_browser_session(client, response)
