"""`next` may only lead to a relative path on this site, on every door that redirects."""

from urllib.parse import quote, urlencode

import pytest
from django.core import mail

from tests.doors import every_door
from tests.password_reset import (
    COMPLETE_URL,
    NEW_PASSWORD,
    RESET_URL,
    emailed_link,
    reset_link_path,
    set_password_path,
)

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


# --- Password reset: `next` travels form -> e-mail -> confirm -> complete, only when safe ---

EMPTY_NEXT_FIELD = '<input type="hidden" name="next" value="">'


def with_next(path: str, next_value: str) -> str:
    return f"{path}?{urlencode({'next': next_value})}"


class TestPasswordResetNext:
    @pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
    def test_reset_form_drops_off_site_next(self, client, bad_next):
        response = client.get(RESET_URL, {"next": bad_next})

        assert response.status_code == 200
        assert EMPTY_NEXT_FIELD in response.text
        assert "evil.example" not in response.text
        assert "javascript:" not in response.text.lower()

    @pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
    def test_emailed_link_drops_off_site_next(self, client, author, bad_next):
        client.post(RESET_URL, {"email": author.email, "next": bad_next})

        assert len(mail.outbox) == 1
        _, query = emailed_link(mail.outbox[0])
        assert query == ""
        assert "evil.example" not in mail.outbox[0].body
        assert "javascript:" not in mail.outbox[0].body.lower()

    @pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
    def test_confirm_redirect_drops_off_site_next(self, client, author, bad_next):
        response = client.get(with_next(reset_link_path(author), bad_next))

        assert response.status_code == 302
        assert response.headers["Location"] == set_password_path(author)

    @pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
    def test_new_password_form_drops_off_site_next(self, client, author, bad_next):
        client.get(reset_link_path(author))

        form = client.get(with_next(set_password_path(author), bad_next))
        done = client.post(
            set_password_path(author),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "next": bad_next},
        )

        assert EMPTY_NEXT_FIELD in form.text
        assert "evil.example" not in form.text
        assert done.status_code == 302
        assert done.headers["Location"] == COMPLETE_URL

    @pytest.mark.parametrize("bad_next", OFF_SITE_NEXT_VALUES)
    def test_complete_page_signs_in_without_off_site_next(self, client, bad_next):
        response = client.get(COMPLETE_URL, {"next": bad_next})

        assert response.status_code == 200
        assert '<a class="button" href="/cadmin/login/">Sign in</a>' in response.text
        assert "evil.example" not in response.text
        assert "javascript:" not in response.text.lower()

    def test_percent_encoded_double_slash_is_dropped_at_every_step(self, client, author):
        raw = "?next=%2F%2Fevil.example"  # decodes to //evil.example

        form = client.get(RESET_URL + raw)
        confirm = client.get(reset_link_path(author) + raw)
        complete = client.get(COMPLETE_URL + raw)

        assert EMPTY_NEXT_FIELD in form.text
        assert confirm.headers["Location"] == set_password_path(author)
        assert 'href="/cadmin/login/"' in complete.text
        assert "evil.example" not in form.text + complete.text

    def test_safe_next_survives_every_step(self, client, author):
        good = "/cadmin/posts/"

        form = client.get(RESET_URL, {"next": good})
        client.post(RESET_URL, {"email": author.email, "next": good})
        path, query = emailed_link(mail.outbox[0])
        confirm = client.get(path + query)
        new_password_form = client.get(confirm.headers["Location"])
        done = client.post(
            set_password_path(author),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "next": good},
        )
        complete = client.get(done.headers["Location"])

        assert '<input type="hidden" name="next" value="/cadmin/posts/">' in form.text
        assert query in ("?next=/cadmin/posts/", "?next=%2Fcadmin%2Fposts%2F")
        assert confirm.headers["Location"] == with_next(set_password_path(author), good)
        assert '<input type="hidden" name="next" value="/cadmin/posts/">' in new_password_form.text
        assert done.headers["Location"] == with_next(COMPLETE_URL, good)
        assert f'href="{with_next("/cadmin/login/", good)}"' in complete.text
