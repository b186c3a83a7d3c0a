"""A form whose CSRF token went stale is kept when this site sent it, and refused otherwise."""

import pytest
from django.test import Client

from keptforms.browser import COOKIE_NAME
from keptforms.mixins import KEPT_SIGN_IN, REVIEW_AND_SAVE
from keptforms.models import KeptForm
from tests.doors import CADMIN
from tests.factories import PostFactory

from .browsing import filled_in, form_on, kept_token, page_token, sign_in

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
EVIL = "https://evil.example"
FORM_EXPIRED = "This form has expired"
STALE_BODY = "Written before signing in again in another tab."


@pytest.fixture
def post(author):
    return PostFactory(title="Original title", body="Original body.", author=author)


def edit_url(post) -> str:
    return f"/cadmin/post/update/{post.pk}/"


def sign_in_again_in_another_tab(client: Client) -> None:
    """Sign out and in again: signing in rotates the CSRF cookie every open page relies on."""
    page = client.get(CADMIN.logout_url)
    client.post(CADMIN.logout_url, {"csrfmiddlewaretoken": page_token(page.text)})
    assert sign_in(client, CADMIN, "/cadmin/").status_code == 302


@pytest.fixture
def stale_form(csrf_client, author, post) -> dict[str, list[str]]:
    """The post's edit page, read before its CSRF token went stale."""
    assert sign_in(csrf_client, CADMIN, "/cadmin/").status_code == 302
    data = filled_in(csrf_client, edit_url(post), "title", body=STALE_BODY)
    sign_in_again_in_another_tab(csrf_client)
    return data


def assert_refused(response, post) -> None:
    assert response.status_code == 403
    assert FORM_EXPIRED in response.text
    assert not KeptForm.objects.exists()
    assert COOKIE_NAME not in response.cookies
    post.refresh_from_db()
    assert post.body == "Original body."


class TestSentFromThisSite:
    def test_same_site_origin_is_kept_and_shown_to_the_signed_in_author(
        self, csrf_client, post, stale_form
    ):
        response = csrf_client.post(edit_url(post), stale_form, headers={"Origin": SITE})

        token = kept_token(response.headers["Location"])
        assert response.status_code == 302
        assert response.headers["Location"] == f"/cadmin/post/update/{post.pk}/?kept={token}"
        page = csrf_client.get(response.headers["Location"])
        assert REVIEW_AND_SAVE in page.text
        assert form_on(page.text, "title")["body"] == [STALE_BODY]
        post.refresh_from_db()
        assert post.body == "Original body."

    def test_same_site_referer_without_origin_is_kept(self, csrf_client, post, stale_form):
        response = csrf_client.post(
            edit_url(post), stale_form, headers={"Referer": f"{SITE}{edit_url(post)}"}
        )

        assert response.status_code == 302
        assert KeptForm.objects.get().data["body"] == [STALE_BODY]

    def test_a_trusted_origin_is_kept(self, settings, csrf_client, post, stale_form):
        settings.CSRF_TRUSTED_ORIGINS = ["https://blog.example"]

        response = csrf_client.post(
            edit_url(post), stale_form, headers={"Origin": "https://blog.example"}
        )

        assert response.status_code == 302
        assert KeptForm.objects.count() == 1

    def test_signed_out_as_well_the_author_is_sent_to_sign_in_and_back(
        self, csrf_client, post, stale_form
    ):
        page = csrf_client.get(CADMIN.logout_url)
        csrf_client.post(CADMIN.logout_url, {"csrfmiddlewaretoken": page_token(page.text)})

        kept = csrf_client.post(edit_url(post), stale_form, headers={"Origin": SITE})
        to_sign_in = csrf_client.get(kept.headers["Location"])
        sign_in_page = csrf_client.get(to_sign_in.headers["Location"])

        token = kept_token(kept.headers["Location"])
        assert to_sign_in.headers["Location"] == (
            f"/cadmin/login/?next=/cadmin/post/update/{post.pk}/%3Fkept%3D{token}"
        )
        assert KEPT_SIGN_IN in sign_in_page.text
        back = sign_in(csrf_client, CADMIN, f"{edit_url(post)}?kept={token}")
        assert REVIEW_AND_SAVE in csrf_client.get(back.headers["Location"]).text


class TestNotProvenToBeFromThisSite:
    def test_a_cross_site_origin_is_refused(self, csrf_client, post, stale_form):
        response = csrf_client.post(edit_url(post), stale_form, headers={"Origin": EVIL})

        assert_refused(response, post)

    def test_a_cross_site_referer_is_refused(self, csrf_client, post, stale_form):
        response = csrf_client.post(
            edit_url(post), stale_form, headers={"Referer": f"{EVIL}{edit_url(post)}"}
        )

        assert_refused(response, post)

    def test_neither_origin_nor_referer_is_refused(self, csrf_client, post, stale_form):
        response = csrf_client.post(edit_url(post), stale_form)

        assert_refused(response, post)

    def test_an_opaque_origin_is_refused(self, csrf_client, post, stale_form):
        response = csrf_client.post(edit_url(post), stale_form, headers={"Origin": "null"})

        assert_refused(response, post)

    def test_a_look_alike_host_is_refused(self, csrf_client, post, stale_form):
        response = csrf_client.post(
            edit_url(post), stale_form, headers={"Origin": "http://testserver.evil.example"}
        )

        assert_refused(response, post)


class TestOnlyOptedInForms:
    def test_a_stale_password_change_is_refused_and_not_kept(
        self, csrf_client, post, stale_form, password
    ):
        response = csrf_client.post(
            "/cadmin/password-change/",
            {
                "old_password": password,
                "new_password1": "a-brand-new-passphrase",
                "new_password2": "a-brand-new-passphrase",
                "csrfmiddlewaretoken": stale_form["csrfmiddlewaretoken"][0],
            },
            headers={"Origin": SITE},
        )

        assert_refused(response, post)

    def test_a_stale_delete_is_refused_and_not_kept(self, csrf_client, post, stale_form):
        response = csrf_client.post(
            f"/cadmin/post/delete/{post.pk}/",
            {"csrfmiddlewaretoken": stale_form["csrfmiddlewaretoken"][0]},
            headers={"Origin": SITE},
        )

        assert_refused(response, post)

    def test_a_stale_sign_in_is_refused(self, csrf_client, post, stale_form, password):
        response = csrf_client.post(
            CADMIN.login_url,
            {"username": "alice", "password": password},
            headers={"Origin": SITE},
        )

        assert_refused(response, post)
