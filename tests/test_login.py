"""Sign-in promises both doors keep: /login/ (hand-rolled) and /cadmin/login/ (LoginView)."""

import pytest

from tests.doors import every_door
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, every_door]

WRONG = "Wrong username, e-mail or password"


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_login_page_shows_the_form(client, door):
    response = client.get(door.login_url)

    assert response.status_code == 200
    assert response.templates[0].name == door.login_template
    for field in ('name="username"', 'name="password"', 'name="next"', "csrfmiddlewaretoken"):
        assert field in response.text


def test_right_credentials_sign_in_and_land_on_the_default_page(client, author, password, door):
    response = client.post(door.login_url, {"username": "alice", "password": password})

    assert response.status_code == 302
    assert response.headers["Location"] == door.landing
    assert signed_in_user_id(client) == str(author.pk)


def test_wrong_password_shows_the_message_and_signs_nobody_in(client, author, door):
    response = client.post(door.login_url, {"username": "alice", "password": "not-her-password"})

    assert response.status_code == 200
    assert WRONG in response.text
    assert signed_in_user_id(client) is None


def test_unknown_user_gets_exactly_the_same_message(client, author, door):
    wrong_password = client.post(door.login_url, {"username": "alice", "password": "nope-nope-1"})
    unknown_user = client.post(door.login_url, {"username": "nobody", "password": "nope-nope-1"})

    assert unknown_user.status_code == wrong_password.status_code == 200
    assert WRONG in unknown_user.text
    assert unknown_user.context["form"].errors == wrong_password.context["form"].errors
    assert signed_in_user_id(client) is None


def test_typed_username_is_kept_and_the_password_is_not(client, author, door):
    response = client.post(door.login_url, {"username": "alice", "password": "nope-nope-nope"})

    assert 'value="alice"' in response.text
    assert "nope-nope-nope" not in response.text


def test_inactive_user_cannot_sign_in(client, password, door):
    UserFactory(username="gone", is_active=False)

    response = client.post(door.login_url, {"username": "gone", "password": password})

    assert response.status_code == 200
    assert WRONG in response.text
    assert signed_in_user_id(client) is None


def test_next_survives_a_failed_attempt(client, author, door):
    response = client.post(
        door.login_url, {"username": "alice", "password": "wrong-wrong", "next": "/cadmin/posts/"}
    )

    assert '<input type="hidden" name="next" value="/cadmin/posts/">' in response.text


def test_next_from_the_query_string_is_carried_in_the_hidden_field(client, door):
    response = client.get(door.login_url, {"next": "/cadmin/post/add/"})

    assert '<input type="hidden" name="next" value="/cadmin/post/add/">' in response.text


def test_signed_in_visitor_is_sent_to_the_default_page(author_client, door):
    response = author_client.get(door.login_url)

    assert response.status_code == 302
    assert response.headers["Location"] == door.landing


def test_signed_in_visitor_with_next_pointing_at_the_login_page_is_not_looped(author_client, door):
    # Django's LoginView raises on a redirect to itself; such a `next` counts as absent.
    response = author_client.get(door.login_url, {"next": door.login_url})

    assert response.status_code == 302
    assert response.headers["Location"] == door.landing


def test_session_key_changes_at_sign_in(client, author, password, door):
    session = client.session  # an anonymous session, as a visitor who browsed first has
    session["visited"] = True
    session.save()
    anonymous_key = session.session_key

    client.post(door.login_url, {"username": "alice", "password": password})

    assert client.session.session_key != anonymous_key
    assert signed_in_user_id(client) == str(author.pk)


def test_sign_in_records_last_login(client, author, password, door):
    assert author.last_login is None

    client.post(door.login_url, {"username": "alice", "password": password})

    author.refresh_from_db()
    assert author.last_login is not None


def test_sign_in_on_one_door_is_signed_in_on_the_other(client, author, password, door):
    client.post(door.login_url, {"username": "alice", "password": password})

    assert "Welcome alice" in client.get("/admin_page/").text
    assert "Welcome alice" in client.get("/cadmin/").text


def test_other_methods_are_refused(client, door):
    assert client.put(door.login_url).status_code == 405
    assert client.delete(door.login_url).status_code == 405


def test_login_page_is_never_cached(client, door):
    cache_control = client.get(door.login_url).headers["Cache-Control"]

    assert "no-cache" in cache_control
    assert "no-store" in cache_control


def test_head_is_answered_like_get(client, door):
    # Uptime checkers and link previewers send HEAD; it must neither fail nor sign in.
    response = client.head(door.login_url)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
