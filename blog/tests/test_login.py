"""The hand-rolled sign-in at /login/: authenticate() + login() called by our own view."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/login/"


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_login_page_shows_the_form(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "blog/login.html"
    html = response.text
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'name="next"' in html
    assert "csrfmiddlewaretoken" in html


def test_right_credentials_sign_in_and_go_to_the_account_page(client, author, password):
    response = client.post(LOGIN_URL, {"username": "alice", "password": password})

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin_page/"
    assert signed_in_user_id(client) == str(author.pk)


def test_wrong_password_shows_the_message_and_signs_nobody_in(client, author):
    response = client.post(LOGIN_URL, {"username": "alice", "password": "not-her-password"})

    assert response.status_code == 200
    assert "Wrong username or password" in response.text
    assert signed_in_user_id(client) is None


def test_unknown_user_gets_exactly_the_same_message(client, author):
    wrong_password = client.post(LOGIN_URL, {"username": "alice", "password": "nope-nope-nope"})
    unknown_user = client.post(LOGIN_URL, {"username": "nobody", "password": "nope-nope-nope"})

    assert unknown_user.status_code == wrong_password.status_code == 200
    assert "Wrong username or password" in unknown_user.text
    assert unknown_user.context["form"].errors == wrong_password.context["form"].errors
    assert signed_in_user_id(client) is None


def test_typed_username_is_kept_after_a_wrong_password(client, author):
    response = client.post(LOGIN_URL, {"username": "alice", "password": "nope-nope-nope"})

    assert 'value="alice"' in response.text
    assert "nope-nope-nope" not in response.text


def test_inactive_user_cannot_sign_in(client, password):
    UserFactory(username="gone", is_active=False)

    response = client.post(LOGIN_URL, {"username": "gone", "password": password})

    assert response.status_code == 200
    assert "Wrong username or password" in response.text
    assert signed_in_user_id(client) is None


def test_sign_in_honours_a_safe_next(client, author, password):
    response = client.post(
        LOGIN_URL, {"username": "alice", "password": password, "next": "/cadmin/post/add/"}
    )

    assert response.headers["Location"] == "/cadmin/post/add/"


def test_next_from_the_query_string_is_carried_in_the_hidden_field(client):
    response = client.get(LOGIN_URL, {"next": "/admin_page/"})

    assert '<input type="hidden" name="next" value="/admin_page/">' in response.text


def test_signed_in_visitor_is_sent_to_the_account_page(author_client):
    response = author_client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin_page/"


def test_signed_in_visitor_with_next_pointing_at_login_is_not_looped(author_client):
    response = author_client.get(LOGIN_URL, {"next": "/login/"})

    assert response.headers["Location"] == "/admin_page/"


def test_session_key_changes_at_sign_in(client, author, password):
    session = client.session  # an anonymous session, as a visitor who browsed first has
    session["visited"] = True
    session.save()
    anonymous_key = session.session_key

    client.post(LOGIN_URL, {"username": "alice", "password": password})

    assert client.session.session_key != anonymous_key
    assert signed_in_user_id(client) == str(author.pk)


def test_sign_in_records_last_login(client, author, password):
    assert author.last_login is None

    client.post(LOGIN_URL, {"username": "alice", "password": password})

    author.refresh_from_db()
    assert author.last_login is not None


def test_other_methods_are_refused(client):
    assert client.put(LOGIN_URL).status_code == 405
    assert client.delete(LOGIN_URL).status_code == 405


def test_login_page_is_never_cached(client):
    response = client.get(LOGIN_URL)

    assert "no-cache" in response.headers["Cache-Control"]
    assert "no-store" in response.headers["Cache-Control"]
