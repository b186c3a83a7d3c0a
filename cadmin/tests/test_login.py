"""What only the dashboard door does: its hidden `next` defaults to the dashboard."""

import pytest

pytestmark = pytest.mark.django_db


def test_hidden_next_defaults_to_the_dashboard(client):
    response = client.get("/cadmin/login/")

    assert '<input type="hidden" name="next" value="/cadmin/">' in response.text


def test_posting_the_default_next_lands_on_the_dashboard(client, author, password):
    response = client.post(
        "/cadmin/login/", {"username": "alice", "password": password, "next": "/cadmin/"}
    )

    assert response.headers["Location"] == "/cadmin/"


def test_logout_control_on_the_dashboard_posts_to_the_dashboard_sign_out(author_client):
    response = author_client.get("/cadmin/")

    assert '<form class="inline-form" method="post" action="/cadmin/logout/">' in response.text


def test_dashboard_asks_for_sign_in_again_after_sign_out(author_client):
    author_client.post("/cadmin/logout/")

    response = author_client.get("/cadmin/")

    assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/"
