"""The "who am I" page at /admin_page/."""

import pytest

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


def test_logout_control_is_a_post_form_styled_as_a_link(author_client):
    response = author_client.get("/admin_page/")

    html = response.text
    assert '<form class="inline-form" method="post" action="/logout/">' in html
    assert '<button type="submit" class="link-button">Logout</button>' in html
