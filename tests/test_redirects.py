"""`next` may only lead to a relative path on this site, on every door that redirects."""

from urllib.parse import quote

import pytest

from tests.doors import every_door

pytestmark = pytest.mark.django_db

OFF_SITE_NEXT_VALUES = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "http://testserver@evil.example",
    "https://evil.example@testserver/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "%2F%2Fevil.example",
    "data:text/html,<script>alert(1)</script>",
    "ftp://evil.example/",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "evil.example",
    "http://testserver/cadmin/",  # absolute, even to this host: only paths are allowed
]


@every_door
@pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
def test_sign_in_with_off_site_next_lands_on_the_default(client, author, password, door, bad_next):

    response = client.post(
        door.login_url, {"username": "alice", "password": password, "next": bad_next}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == door.landing
    assert client.session["_auth_user_id"] == str(author.pk)


@every_door
@pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
def test_signed_in_visit_with_off_site_next_goes_to_the_default(author_client, door, bad_next):

    response = author_client.get(door.login_url, {"next": bad_next})

    assert response.status_code == 302
    assert response.headers["Location"] == door.landing


@every_door
@pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
def test_off_site_next_never_reaches_the_hidden_field(client, door, bad_next):

    response = client.get(door.login_url, {"next": bad_next})

    assert response.status_code == 200
    assert "evil.example" not in response.text
    assert "javascript:" not in response.text.lower()


@every_door
@pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
def test_sign_out_with_off_site_next_shows_the_signed_out_page(author_client, door, bad_next):
    response = author_client.post(door.logout_url, {"next": bad_next})

    assert response.status_code == 200
    assert "You are signed out" in response.text
    assert "_auth_user_id" not in author_client.session


@every_door
def test_percent_encoded_double_slash_in_the_query_string_is_refused(author_client, door):

    response = author_client.get(f"{door.login_url}?next=%2F%2Fevil.example")

    assert response.headers["Location"] == door.landing


@every_door
@pytest.mark.parametrize(
    "good_next", ["/", "/cadmin/posts/", "/tag/django/?page=2", "/category/python/#top"]
)
def test_relative_paths_on_this_site_are_honoured(client, author, password, door, good_next):

    response = client.post(
        door.login_url, {"username": "alice", "password": password, "next": good_next}
    )

    assert response.headers["Location"] == good_next


@every_door
def test_next_with_non_ascii_path_is_encoded_not_broken(client, author, password, door):

    response = client.post(
        door.login_url, {"username": "alice", "password": password, "next": "/tag/café/"}
    )

    assert response.headers["Location"] == "/tag/" + quote("café") + "/"


@every_door
def test_next_on_the_query_string_wins_nothing_over_a_safe_posted_one(
    client, author, password, door
):

    response = client.post(
        f"{door.login_url}?next=//evil.example",
        {"username": "alice", "password": password, "next": "/cadmin/tags/"},
    )

    assert response.headers["Location"] == "/cadmin/tags/"
