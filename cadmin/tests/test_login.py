"""The dashboard door at /cadmin/login/: Django's LoginView, configured."""

import pytest

pytestmark = pytest.mark.django_db

LOGIN_URL = "/cadmin/login/"


def test_login_page_uses_the_dashboard_template(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "cadmin/login.html"
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text


def test_hidden_next_defaults_to_the_dashboard(client):
    response = client.get(LOGIN_URL)

    assert '<input type="hidden" name="next" value="/cadmin/">' in response.text


def test_hidden_next_carries_the_query_value(client):
    response = client.get(LOGIN_URL, {"next": "/cadmin/post/add/"})

    assert '<input type="hidden" name="next" value="/cadmin/post/add/">' in response.text


def test_right_credentials_land_on_the_dashboard(client, author, password):
    response = client.post(
        LOGIN_URL, {"username": "alice", "password": password, "next": "/cadmin/"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/"
    assert client.session["_auth_user_id"] == str(author.pk)


def test_without_next_the_default_is_the_dashboard(client, author, password):
    response = client.post(LOGIN_URL, {"username": "alice", "password": password})

    assert response.headers["Location"] == "/cadmin/"


def test_wrong_credentials_show_the_error_on_the_page(client, author):
    response = client.post(LOGIN_URL, {"username": "alice", "password": "wrong-wrong-wrong"})

    assert response.status_code == 200
    assert "Wrong username or password" in response.text
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_error(client, author):
    response = client.post(LOGIN_URL, {"username": "mallory", "password": "wrong-wrong-wrong"})

    assert response.status_code == 200
    assert "Wrong username or password" in response.text
    assert "_auth_user_id" not in client.session


def test_next_survives_a_failed_attempt(client, author):
    response = client.post(
        LOGIN_URL, {"username": "alice", "password": "wrong-wrong-wrong", "next": "/cadmin/posts/"}
    )

    assert '<input type="hidden" name="next" value="/cadmin/posts/">' in response.text


def test_signed_in_user_is_sent_to_the_dashboard(author_client):
    response = author_client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/"


def test_signed_in_user_with_next_pointing_at_the_login_page_gets_no_error(author_client):
    # Django's LoginView raises on a redirect to itself; we treat such a `next` as absent.
    response = author_client.get(LOGIN_URL, {"next": LOGIN_URL})

    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/"


def test_both_doors_share_one_session(client, author, password):
    client.post(LOGIN_URL, {"username": "alice", "password": password})

    response = client.get("/admin_page/")

    assert response.status_code == 200
    assert "Welcome alice" in response.text
