"""Changing one's password: the old one is checked, this browser stays signed in with a fresh
session key, and every other session of that user is signed out."""

import pytest
from django.test import Client

from accounts.forms import WRONG_CREDENTIALS
from accounts.models import AccountEvent
from tests.clients import signed_in as signed_in_client
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

CHANGE_URL = "/cadmin/password-change/"
DONE_URL = "/cadmin/password-change/done/"
NEW_PASSWORD = "a-brand-new-passphrase-42"


def change_password(client, old=PASSWORD, new1=NEW_PASSWORD, new2=NEW_PASSWORD):
    return client.post(
        CHANGE_URL, {"old_password": old, "new_password1": new1, "new_password2": new2}
    )


def assert_signed_out(client) -> None:
    response = client.get("/cadmin/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/"
    assert "_auth_user_id" not in client.session


def test_change_page_requires_sign_in(client):
    response = client.get(CHANGE_URL)

    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/password-change/"


def test_change_page_shows_the_form(author_client):
    response = author_client.get(CHANGE_URL)

    assert response.status_code == 200
    for field in ('name="old_password"', 'name="new_password1"', 'name="new_password2"'):
        assert field in response.text


def test_wrong_old_password_is_an_error_and_changes_nothing(author_client, author):
    response = change_password(author_client, old="not-my-old-password")

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.text
    author.refresh_from_db()
    assert author.check_password(PASSWORD)


def test_mismatched_new_passwords_are_an_error_and_change_nothing(author_client, author):
    response = change_password(author_client, new2=NEW_PASSWORD + "-typo")

    assert response.status_code == 200
    assert "The two password fields didn\u2019t match." in response.text
    author.refresh_from_db()
    assert author.check_password(PASSWORD)


def test_weak_new_password_is_refused(author_client, author):
    response = change_password(author_client, new1="password123", new2="password123")

    assert response.status_code == 200
    assert "This password is too common." in response.text
    author.refresh_from_db()
    assert author.check_password(PASSWORD)


def test_success_lands_on_the_done_page(author_client):
    response = change_password(author_client)

    assert response.status_code == 302
    assert response.headers["Location"] == DONE_URL
    done = author_client.get(DONE_URL)
    assert done.status_code == 200
    assert "Password changed" in done.text


def test_this_browser_stays_signed_in_with_a_new_session_key(author_client, author):
    old_key = author_client.session.session_key

    change_password(author_client)

    assert author_client.get("/cadmin/").status_code == 200
    assert author_client.session["_auth_user_id"] == str(author.pk)
    assert author_client.session.session_key != old_key


def test_other_sessions_of_the_same_user_are_signed_out(author_client, author):
    elsewhere = signed_in_client(author)
    assert elsewhere.get("/cadmin/").status_code == 200

    change_password(author_client)

    assert_signed_out(elsewhere)


def test_sessions_of_other_users_are_unaffected(author_client, other_author):
    bystander = signed_in_client(other_author)

    change_password(author_client)

    assert bystander.get("/cadmin/").status_code == 200
    assert bystander.session["_auth_user_id"] == str(other_author.pk)


def test_new_password_signs_in_and_the_old_one_does_not(author_client):
    change_password(author_client)

    signed_in = Client().post("/cadmin/login/", {"username": "alice", "password": NEW_PASSWORD})
    refused = Client().post("/cadmin/login/", {"username": "alice", "password": PASSWORD})

    assert signed_in.status_code == 302
    assert refused.status_code == 200
    assert WRONG_CREDENTIALS in refused.text


def test_admin_password_change_leads_to_ours(client):
    response = client.get("/admin/password_change/")

    assert response.status_code == 302
    assert response.headers["Location"] == CHANGE_URL


def test_change_is_recorded_in_the_audit_trail(author_client, author):
    change_password(author_client)

    events = AccountEvent.objects.filter(kind=AccountEvent.Kind.PASSWORD_CHANGED)
    assert [(event.user, event.door) for event in events] == [(author, "cadmin")]


def test_change_without_csrf_token_is_forbidden(csrf_client, author):
    csrf_client.force_login(author)

    response = change_password(csrf_client)

    assert response.status_code == 403
    author.refresh_from_db()
    assert author.check_password(PASSWORD)
