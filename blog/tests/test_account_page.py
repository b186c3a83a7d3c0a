"""The "who am I" page at /admin_page/."""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_blog_sign_in(client):
    response = client.get("/admin_page/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login/?next=/admin_page/"


def test_after_signing_in_from_the_redirect_the_visitor_lands_on_the_account_page(
    client, author, password
):
    login_page = client.get("/admin_page/", follow=True)
    assert 'name="next" value="/admin_page/"' in login_page.text

    response = client.post(
        "/login/", {"username": "alice", "password": password, "next": "/admin_page/"}, follow=True
    )

    assert response.redirect_chain == [("/admin_page/", 302)]
    assert "Welcome alice" in response.text


def test_shows_who_is_signed_in(client, password):
    user = UserFactory(username="carol", email="carol@example.com", is_staff=True)
    client.post("/login/", {"username": "carol", "password": password})
    user.refresh_from_db()

    response = client.get("/admin_page/")

    assert response.status_code == 200
    assert response.templates[0].name == "blog/admin_page.html"
    html = response.text
    assert "Welcome carol" in html
    assert "carol@example.com" in html
    assert "<dt>Superuser</dt><dd>No</dd>" in html
    assert "<dt>Staff</dt><dd>Yes</dd>" in html
    assert f"<dt>Date joined</dt><dd>{user.date_joined:%-d %B %Y, %H:%M}</dd>" in html
    assert f"<dt>Last login</dt><dd>{user.last_login:%-d %B %Y, %H:%M}</dd>" in html


def test_an_empty_email_is_shown_as_a_dash(other_author):
    client = Client()
    client.force_login(other_author)

    response = client.get("/admin_page/")

    assert "<dt>Email</dt><dd>—</dd>" in response.text


def test_superuser_is_shown_as_such(client, superuser):
    client.force_login(superuser)

    response = client.get("/admin_page/")

    assert "<dt>Superuser</dt><dd>Yes</dd>" in response.text


def test_logout_control_is_a_post_form_styled_as_a_link(author_client):
    response = author_client.get("/admin_page/")

    html = response.text
    assert '<form class="inline-form" method="post" action="/logout/">' in html
    assert '<button type="submit" class="link-button">Logout</button>' in html
