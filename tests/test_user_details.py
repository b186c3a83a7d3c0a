"""Both account pages (/admin_page/ and /cadmin/) tell the signed-in user who they are."""

import pytest
from django.template.defaultfilters import date as date_filter
from django.test import Client

from tests.clients import signed_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.parametrize("page", ["/admin_page/", "/cadmin/"]),
]

DETAIL_FORMAT = "j F Y, H:i"


def test_shows_every_detail_of_the_signed_in_user(page, password):
    UserFactory(username="carol", email="carol@example.com", is_staff=True)
    client = Client()
    client.post("/login/", {"username": "carol", "password": password})
    user = UserFactory._meta.model.objects.get(username="carol")

    html = client.get(page).text

    assert "Welcome carol" in html
    assert "<dt>Username</dt><dd>carol</dd>" in html
    assert "<dt>Email</dt><dd>carol@example.com</dd>" in html
    assert "<dt>Superuser</dt><dd>No</dd>" in html
    assert "<dt>Staff</dt><dd>Yes</dd>" in html
    assert f"<dt>Date joined</dt><dd>{date_filter(user.date_joined, DETAIL_FORMAT)}</dd>" in html
    assert f"<dt>Last login</dt><dd>{date_filter(user.last_login, DETAIL_FORMAT)}</dd>" in html


def test_an_empty_email_is_shown_as_a_dash(page, other_author):
    html = signed_in(other_author).get(page).text

    assert "<dt>Email</dt><dd>—</dd>" in html


def test_a_missing_last_login_is_shown_as_never(page, author):
    client = signed_in(author)  # records last_login, as every sign-in does
    UserFactory._meta.model.objects.filter(pk=author.pk).update(last_login=None)

    html = client.get(page).text

    assert "<dt>Last login</dt><dd>Never</dd>" in html


def test_a_superuser_is_shown_as_such(page, superuser):
    html = signed_in(superuser).get(page).text

    assert "Welcome root" in html
    assert "<dt>Superuser</dt><dd>Yes</dd>" in html
    assert "<dt>Staff</dt><dd>Yes</dd>" in html


def test_another_users_details_never_show(page, author, other_author):
    html = signed_in(other_author).get(page).text

    assert "alice@example.com" not in html
    assert "Welcome alice" not in html
