"""An edit sent after the session ended is kept, and back in the form after signing in."""

import hashlib
from urllib.parse import urlencode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from blog.models import Post
from keptforms.browser import COOKIE_NAME
from keptforms.mixins import KEPT_SIGN_IN, REVIEW_AND_SAVE
from keptforms.models import KeptForm
from tests.doors import BLOG, CADMIN, every_door
from tests.factories import CategoryFactory, PostFactory
from tests.two_factor import add_authenticator, code_now

from .browsing import end_session, filled_in, form_on, kept_token, page_token, sign_in

pytestmark = pytest.mark.django_db

NEW_BODY = "A paragraph written while the session ran out.\r\n\r\nAnd a second one."


@pytest.fixture
def post(author):
    return PostFactory(title="Original title", body="Original body.", author=author)


@pytest.fixture
def writing(csrf_client, author) -> Client:
    """A browser signed in as the author, enforcing CSRF like a real one."""
    csrf_client.force_login(author)
    return csrf_client


def edit_url(post) -> str:
    return f"/cadmin/post/update/{post.pk}/"


def send_edit_after_session_ended(client: Client, post, **changes):
    data = filled_in(client, edit_url(post), "title", body=NEW_BODY, **changes)
    end_session(client)
    return client.post(edit_url(post), data)


def assert_unchanged(post) -> None:
    post.refresh_from_db()
    assert (post.title, post.body) == ("Original title", "Original body.")


class TestKeeping:
    def test_the_edit_is_kept_and_the_browser_sent_to_sign_in_with_its_way_back(
        self, writing, post
    ):
        response = send_edit_after_session_ended(writing, post, title="New title")

        token = kept_token(response.headers["Location"])
        assert response.status_code == 302
        assert response.headers["Location"] == (
            f"/cadmin/login/?next=/cadmin/post/update/{post.pk}/%3Fkept%3D{token}"
        )
        kept = KeptForm.objects.get()
        assert kept.path == edit_url(post)
        assert kept.data["title"] == ["New title"]
        assert kept.data["body"] == [NEW_BODY]
        assert_unchanged(post)

    def test_the_sign_in_page_says_the_changes_were_kept(self, writing, post):
        response = send_edit_after_session_ended(writing, post)

        page = writing.get(response.headers["Location"])

        assert KEPT_SIGN_IN in page.text

    def test_the_csrf_token_and_password_like_fields_are_never_kept(self, writing, post):
        send_edit_after_session_ended(writing, post, password="hunter2-hunter2", otp_token="1")

        kept = KeptForm.objects.get()
        assert {"title", "body", "version"} <= set(kept.data)
        assert {"csrfmiddlewaretoken", "password", "otp_token"}.isdisjoint(kept.data)
        assert "hunter2-hunter2" not in str(kept.data)

    def test_the_browser_cookie_is_httponly_lax_and_stored_only_as_a_hash(self, writing, post):
        response = send_edit_after_session_ended(writing, post)

        cookie = response.cookies[COOKIE_NAME]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert not cookie["secure"]
        kept = KeptForm.objects.get()
        assert kept.browser_hash == hashlib.sha256(cookie.value.encode()).hexdigest()
        token = kept_token(response.headers["Location"])
        assert kept.token_hash == hashlib.sha256(token.encode()).hexdigest()
        row = KeptForm.objects.filter(pk=kept.pk).values().get()
        assert cookie.value not in str(row) and token not in str(row)

    def test_the_cookie_is_secure_where_the_session_cookie_is(self, settings, writing, post):
        settings.SESSION_COOKIE_SECURE = True

        response = send_edit_after_session_ended(writing, post)

        assert response.cookies[COOKIE_NAME]["secure"] is True

    def test_a_form_sent_while_signed_in_is_saved_and_nothing_is_kept(self, writing, post):
        data = filled_in(writing, edit_url(post), "title", title="Saved at once")

        response = writing.post(edit_url(post), data)

        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/posts/"
        assert not KeptForm.objects.exists()
        assert COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("second_step", [False, True], ids=["password", "authenticator"])
@every_door
class TestBackAfterSignIn:
    def test_the_author_lands_on_the_form_with_the_text_and_saves_it_with_one_click(
        self, writing, author, post, door, second_step
    ):
        device = add_authenticator(author) if second_step else None
        sent = send_edit_after_session_ended(writing, post, title="New title")
        token = kept_token(sent.headers["Location"])

        signed_in = sign_in(writing, door, f"{edit_url(post)}?kept={token}", device=device)

        assert signed_in.status_code == 302
        assert signed_in.headers["Location"] == f"/cadmin/post/update/{post.pk}/?kept={token}"
        form_page = writing.get(signed_in.headers["Location"])
        assert form_page.status_code == 200
        assert REVIEW_AND_SAVE in form_page.text
        shown = form_on(form_page.text, "title")
        assert shown["title"] == ["New title"]
        assert shown["body"] == [NEW_BODY]
        assert_unchanged(post)  # a GET never saves

        saved = writing.post(signed_in.headers["Location"], shown)

        assert saved.status_code == 302
        assert saved.headers["Location"] == "/cadmin/posts/"
        post.refresh_from_db()
        assert (post.title, post.body) == ("New title", NEW_BODY)
        assert not KeptForm.objects.exists()


@every_door
class TestBackAfterARequiredSecondFactor:
    def test_setting_one_up_leads_back_to_the_form_with_the_text(
        self, settings, csrf_client, editor, post, door
    ):
        writing = csrf_client
        writing.force_login(editor)  # editors may edit every post
        sent = send_edit_after_session_ended(writing, post, title="New title")
        kept_url = f"{edit_url(post)}?kept={kept_token(sent.headers['Location'])}"
        settings.TGDB_REQUIRE_2FA = "staff"  # editors now need a second factor; edith has none

        signed_in = sign_in(writing, door, kept_url, username="edith")
        sent_to_set_up = writing.get(signed_in.headers["Location"])

        assert sent_to_set_up.headers["Location"] == "/cadmin/security/"
        security = writing.get("/cadmin/security/")
        assert f"Then continue to <code>{kept_url}</code>." in security.text

        set_up = writing.get("/cadmin/security/authenticator/")
        device = TOTPDevice.objects.get(user=editor)
        turned_on = writing.post(
            "/cadmin/security/authenticator/",
            {"otp_token": code_now(device), "csrfmiddlewaretoken": page_token(set_up.text)},
        )

        codes = f"/cadmin/security/recovery-codes/?{urlencode({'next': kept_url})}"
        assert turned_on.headers["Location"] == codes
        assert f'<a href="{kept_url}">I have saved them</a>' in writing.get(codes).text
        form_page = writing.get(kept_url)
        assert form_page.status_code == 200
        assert REVIEW_AND_SAVE in form_page.text
        shown = form_on(form_page.text, "title")
        assert (shown["title"], shown["body"]) == (["New title"], [NEW_BODY])
        assert_unchanged(post)


class TestShownUntilSaved:
    def test_reloading_the_form_before_saving_still_shows_the_text(self, writing, author, post):
        sent = send_edit_after_session_ended(writing, post)
        token = kept_token(sent.headers["Location"])
        writing.force_login(author)

        writing.get(f"{edit_url(post)}?kept={token}")
        reloaded = writing.get(f"{edit_url(post)}?kept={token}")

        assert form_on(reloaded.text, "title")["body"] == [NEW_BODY]
        assert REVIEW_AND_SAVE in reloaded.text
        assert KeptForm.objects.count() == 1

    def test_a_form_that_does_not_save_keeps_the_kept_text(self, writing, author, post):
        sent = send_edit_after_session_ended(writing, post)
        url = f"{edit_url(post)}?kept={kept_token(sent.headers['Location'])}"
        writing.force_login(author)
        shown = form_on(writing.get(url).text, "title")

        invalid = writing.post(url, {**shown, "title": ""})

        assert invalid.status_code == 200
        assert KeptForm.objects.count() == 1
        assert_unchanged(post)

    def test_ending_the_session_again_replaces_the_kept_text(self, writing, author, post):
        first = send_edit_after_session_ended(writing, post)
        url = f"{edit_url(post)}?kept={kept_token(first.headers['Location'])}"
        writing.force_login(author)
        shown = form_on(writing.get(url).text, "title")
        end_session(writing)

        again = writing.post(url, {**shown, "body": "Edited once more."})

        assert again.status_code == 302
        assert KeptForm.objects.get().data["body"] == ["Edited once more."]


class TestOtherDashboardForms:
    def test_a_new_post_is_kept_and_back_after_sign_in(self, writing):
        category = CategoryFactory(name="Gardening")
        data = filled_in(
            writing, "/cadmin/post/add/", "title", title="Fresh", body="Brand new text."
        )
        data["category"] = [str(category.pk)]
        end_session(writing)

        sent = writing.post("/cadmin/post/add/", data)
        token = kept_token(sent.headers["Location"])
        back = sign_in(writing, CADMIN, f"/cadmin/post/add/?kept={token}")
        page = writing.get(back.headers["Location"])

        assert form_on(page.text, "title")["body"] == ["Brand new text."]
        assert REVIEW_AND_SAVE in page.text
        assert not Post.objects.exists()

    @pytest.mark.parametrize("kind", ["category", "tag"])
    def test_a_category_or_tag_is_kept_and_back_after_sign_in(self, csrf_client, editor, kind):
        writing = csrf_client
        writing.force_login(editor)  # editors manage categories and tags
        data = filled_in(writing, f"/cadmin/{kind}/add/", "name", name="Kept name")
        end_session(writing)

        sent = writing.post(f"/cadmin/{kind}/add/", data)
        token = kept_token(sent.headers["Location"])
        back = sign_in(writing, BLOG, f"/cadmin/{kind}/add/?kept={token}", username="edith")
        page = writing.get(back.headers["Location"])

        assert form_on(page.text, "name")["name"] == ["Kept name"]
        assert REVIEW_AND_SAVE in page.text


class TestSecurityFormsAreNeverKept:
    def test_a_password_change_sent_after_the_session_ended_is_not_kept(self, writing, password):
        page = writing.get("/cadmin/post/add/")  # any page's token: the form is not the point
        end_session(writing)

        response = writing.post(
            "/cadmin/password-change/",
            {
                "old_password": password,
                "new_password1": "a-brand-new-passphrase",
                "new_password2": "a-brand-new-passphrase",
                "csrfmiddlewaretoken": page_token(page.text),
            },
        )

        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/password-change/"
        assert not KeptForm.objects.exists()
        assert COOKIE_NAME not in response.cookies
