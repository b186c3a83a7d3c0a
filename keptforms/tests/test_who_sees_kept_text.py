"""Kept text comes back only to the browser that sent it, on its page, within a day."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from keptforms import store
from keptforms.mixins import NOTHING_KEPT, REVIEW_AND_SAVE
from keptforms.models import KeptForm
from tests.factories import PostFactory

from .browsing import end_session, filled_in, form_on, kept_token

pytestmark = pytest.mark.django_db

KEPT_BODY = "Text written while signed out."
DISCARDED = (
    "The changes kept in this browser were for a post you cannot edit, so they were discarded."
)


@pytest.fixture
def post(author):
    return PostFactory(title="Original title", body="Original body.", author=author)


@pytest.fixture
def kept_url(csrf_client, author, post) -> str:
    """The address the author comes back to after their edit was kept; they are signed out."""
    csrf_client.force_login(author)
    url = f"/cadmin/post/update/{post.pk}/"
    data = filled_in(csrf_client, url, "title", body=KEPT_BODY)
    end_session(csrf_client)
    sent = csrf_client.post(url, data)
    return f"{url}?kept={kept_token(sent.headers['Location'])}"


def shows_nothing_kept(page) -> bool:
    return (
        page.status_code == 200
        and form_on(page.text, "title")["body"] == ["Original body."]
        and KEPT_BODY not in page.text
        and REVIEW_AND_SAVE not in page.text
    )


def test_a_signed_out_visitor_with_the_link_is_sent_to_sign_in_and_back(csrf_client, kept_url):
    response = csrf_client.get(kept_url)

    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/cadmin/login/?next={kept_url.replace('?', '%3F').replace('=', '%3D')}"
    )


def test_another_browser_with_the_link_sees_the_form_as_saved(kept_url, author):
    other_browser = Client()
    other_browser.force_login(author)

    page = other_browser.get(kept_url)

    assert shows_nothing_kept(page)
    assert NOTHING_KEPT in page.text
    assert KeptForm.objects.count() == 1  # nor can it destroy what the author's browser kept


def test_a_made_up_token_shows_the_form_as_saved_with_a_message(csrf_client, author, post):
    csrf_client.force_login(author)

    page = csrf_client.get(f"/cadmin/post/update/{post.pk}/?kept=not-a-real-token")

    assert shows_nothing_kept(page)
    assert NOTHING_KEPT in page.text


def test_the_token_shows_nothing_on_another_page(csrf_client, author, kept_url):
    other_post = PostFactory(title="Other", body="Original body.", author=author)
    csrf_client.force_login(author)
    token = kept_url.rsplit("=", 1)[1]

    page = csrf_client.get(f"/cadmin/post/update/{other_post.pk}/?kept={token}")

    assert shows_nothing_kept(page)


def test_someone_who_may_not_edit_the_post_gets_nothing_and_it_is_deleted(
    csrf_client, kept_url, other_author
):
    csrf_client.force_login(other_author)  # the same browser, another account

    response = csrf_client.get(kept_url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/"
    assert not KeptForm.objects.exists()
    home = csrf_client.get("/cadmin/")
    assert DISCARDED in home.text
    assert KEPT_BODY not in home.text


def test_a_post_that_does_not_exist_is_still_a_plain_404(csrf_client, author):
    csrf_client.force_login(author)

    assert csrf_client.get("/cadmin/post/update/999999/?kept=anything").status_code == 404


class TestADayLater:
    def test_just_before_a_day_it_is_still_there(self, csrf_client, author, kept_url):
        csrf_client.force_login(author)

        with time_machine.travel(timedelta(hours=23, minutes=59)):
            page = csrf_client.get(kept_url)

        assert form_on(page.text, "title")["body"] == [KEPT_BODY]

    def test_after_a_day_it_is_gone(self, csrf_client, author, kept_url):
        with time_machine.travel(timedelta(hours=24, seconds=1)):
            csrf_client.force_login(author)
            page = csrf_client.get(kept_url)

            assert shows_nothing_kept(page)
            assert NOTHING_KEPT in page.text
            assert store.purge_expired() == 1
        assert not KeptForm.objects.exists()


@pytest.mark.parametrize(
    "token", ["", "x" * 5000, "%00", "%C3%A9t%C3%A9", "../../cadmin/", "a&kept=b"], ids=repr
)
def test_a_malformed_token_shows_the_form_as_saved(csrf_client, author, kept_url, post, token):
    csrf_client.force_login(author)

    page = csrf_client.get(f"/cadmin/post/update/{post.pk}/?kept={token}")

    assert shows_nothing_kept(page)
    assert KeptForm.objects.count() == 1


@pytest.mark.parametrize("cookie", ["", "short", "é" * 43, "x" * 43, "x" * 5000], ids=len)
def test_a_forged_browser_cookie_shows_nothing(csrf_client, author, kept_url, cookie):
    csrf_client.force_login(author)
    csrf_client.cookies["kept_forms_browser"] = cookie

    assert shows_nothing_kept(csrf_client.get(kept_url))
