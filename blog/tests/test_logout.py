"""The hand-rolled sign-out at /logout/: only a POST ends the session."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LOGOUT_URL = "/logout/"


def test_get_while_signed_in_asks_and_keeps_the_session(author_client, author):
    response = author_client.get(LOGOUT_URL)

    assert response.status_code == 200
    assert "Sign out?" in response.text
    assert f'<form method="post" action="{LOGOUT_URL}">' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert author_client.session["_auth_user_id"] == str(author.pk)


def test_get_while_signed_out_says_so(client):
    response = client.get(LOGOUT_URL)

    assert response.status_code == 200
    assert "You are signed out" in response.text
    assert "Sign out?" not in response.text


def test_post_signs_out_and_shows_the_signed_out_page(author_client):
    response = author_client.post(LOGOUT_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "blog/logout.html"
    assert "You are signed out" in response.text
    assert "_auth_user_id" not in author_client.session


def test_post_when_nobody_is_signed_in_is_harmless(client):
    response = client.post(LOGOUT_URL)

    assert response.status_code == 200
    assert "You are signed out" in response.text


def test_post_twice_is_harmless(author_client):
    author_client.post(LOGOUT_URL)
    response = author_client.post(LOGOUT_URL)

    assert response.status_code == 200
    assert "You are signed out" in response.text


def test_old_session_cookie_is_anonymous_after_sign_out(author_client):
    stolen_cookie = author_client.cookies["sessionid"].value

    author_client.post(LOGOUT_URL)

    replay = Client()
    replay.cookies["sessionid"] = stolen_cookie
    response = replay.get("/admin_page/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login/?next=/admin_page/"


def test_post_honours_a_safe_next(author_client):
    response = author_client.post(LOGOUT_URL, {"next": "/tag/django/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/tag/django/"
    assert "_auth_user_id" not in author_client.session


def test_image_tag_style_get_cannot_sign_anyone_out(author_client, author):
    # Any page could embed <img src="/logout/">: the browser would send a GET.
    author_client.get(LOGOUT_URL)
    author_client.get(LOGOUT_URL, {"next": "/"})

    assert author_client.session["_auth_user_id"] == str(author.pk)
