"""The dashboard sign-out at /cadmin/logout/: Django's LogoutView, opened to a polite GET."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

pytestmark = pytest.mark.django_db

LOGOUT_URL = "/cadmin/logout/"


def test_get_while_signed_in_asks_and_keeps_the_session(author_client, author):
    response = author_client.get(LOGOUT_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "cadmin/logout.html"
    assert "Sign out?" in response.text
    assert f'<form method="post" action="{LOGOUT_URL}">' in response.text
    assert author_client.session["_auth_user_id"] == str(author.pk)


def test_get_while_signed_out_says_so(client):
    response = client.get(LOGOUT_URL)

    assert response.status_code == 200
    assert "You are signed out" in response.text


def test_post_signs_out_and_shows_the_signed_out_page(author_client):
    response = author_client.post(LOGOUT_URL)

    assert response.status_code == 200
    assert "You are signed out" in response.text
    assert "_auth_user_id" not in author_client.session


def test_post_when_nobody_is_signed_in_is_harmless(client):
    response = client.post(LOGOUT_URL)

    assert response.status_code == 200
    assert "You are signed out" in response.text


def test_sign_out_deletes_the_session_on_the_server(author_client):
    session_key = author_client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()

    author_client.post(LOGOUT_URL)

    assert not Session.objects.filter(session_key=session_key).exists()


def test_replaying_the_old_session_cookie_is_anonymous(author_client):
    stolen_cookie = author_client.cookies["sessionid"].value

    author_client.post(LOGOUT_URL)

    replay = Client()
    replay.cookies["sessionid"] = stolen_cookie
    response = replay.get("/cadmin/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/"


def test_post_honours_a_safe_next(author_client):
    response = author_client.post(LOGOUT_URL, {"next": "/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_dashboard_asks_for_sign_in_again_after_sign_out(author_client):
    author_client.post(LOGOUT_URL)

    response = author_client.get("/cadmin/")

    assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/"


def test_logout_control_on_the_dashboard_posts_here(author_client):
    response = author_client.get("/cadmin/")

    assert f'<form class="inline-form" method="post" action="{LOGOUT_URL}">' in response.text
