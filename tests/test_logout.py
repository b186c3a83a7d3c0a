"""Sign-out promises both doors keep: a GET only asks, a POST ends the session everywhere."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tests.doors import every_door

pytestmark = [pytest.mark.django_db, every_door, pytest.mark.every_backend]


def test_get_while_signed_in_asks_and_keeps_the_session(author_client, author, door):
    response = author_client.get(door.logout_url)

    assert response.status_code == 200
    assert response.templates[0].name == door.logout_template
    assert "Sign out?" in response.text
    assert f'<form method="post" action="{door.logout_url}">' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert author_client.session["_auth_user_id"] == str(author.pk)


def test_get_while_signed_out_says_so(client, door):
    response = client.get(door.logout_url)

    assert response.status_code == 200
    assert "You are signed out" in response.text
    assert "Sign out?" not in response.text


def test_post_signs_out_and_shows_the_signed_out_page(author_client, door):
    response = author_client.post(door.logout_url)

    assert response.status_code == 200
    assert response.templates[0].name == door.logout_template
    assert "You are signed out" in response.text
    assert "_auth_user_id" not in author_client.session


@pytest.mark.parametrize("times", [1, 2])
def test_post_when_nobody_is_signed_in_is_harmless(client, door, times):
    for _ in range(times):
        response = client.post(door.logout_url)

    assert response.status_code == 200
    assert "You are signed out" in response.text


def test_sign_out_deletes_the_session_on_the_server(author_client, door):
    session_key = author_client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()

    author_client.post(door.logout_url)

    assert not Session.objects.filter(session_key=session_key).exists()


def test_replaying_the_old_session_cookie_is_anonymous(author_client, door):
    stolen_cookie = author_client.cookies["sessionid"].value

    author_client.post(door.logout_url)

    replay = Client()
    replay.cookies["sessionid"] = stolen_cookie
    assert replay.get("/cadmin/").headers["Location"] == "/cadmin/login/?next=/cadmin/"
    assert replay.get("/admin_page/").headers["Location"] == "/login/?next=/admin_page/"


def test_post_honours_a_safe_next(author_client, door):
    response = author_client.post(door.logout_url, {"next": "/tag/django/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/tag/django/"
    assert "_auth_user_id" not in author_client.session


def test_image_tag_style_get_cannot_sign_anyone_out(author_client, author, door):
    # Any page could embed <img src="/logout/">: the browser would send a GET.
    author_client.get(door.logout_url)
    author_client.get(door.logout_url, {"next": "/"})

    assert author_client.session["_auth_user_id"] == str(author.pk)


def test_other_methods_are_refused(author_client, author, door):
    assert author_client.put(door.logout_url).status_code == 405
    assert author_client.session["_auth_user_id"] == str(author.pk)


def test_head_is_answered_and_signs_nobody_out(author_client, author, door):
    response = author_client.head(door.logout_url)

    assert response.status_code == 200
    assert author_client.session["_auth_user_id"] == str(author.pk)
