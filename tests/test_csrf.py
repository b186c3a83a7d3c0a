"""Every form needs the CSRF token: a forged POST is a 403 and changes nothing."""

import re

import pytest

from blog.models import Category, Post, Tag
from tests.factories import PASSWORD, CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def form_token(response) -> str:
    match = TOKEN_FIELD.search(response.text)
    assert match, "the page has no csrfmiddlewaretoken field"
    return match.group(1)


@pytest.fixture
def post(author):
    return PostFactory(title="Original title", body="Original body.", author=author)


@pytest.fixture
def signed_in_csrf_client(csrf_client, author):
    csrf_client.force_login(author)
    return csrf_client


class TestPostWithoutTokenIsForbidden:
    @pytest.mark.parametrize("url", ["/login/", "/cadmin/login/"])
    def test_login_without_token_is_403_and_signs_nobody_in(self, csrf_client, author, url):
        response = csrf_client.post(url, {"username": "alice", "password": PASSWORD})

        assert response.status_code == 403
        assert signed_in_user_id(csrf_client) is None

    @pytest.mark.parametrize("url", ["/logout/", "/cadmin/logout/"])
    def test_forged_sign_out_is_403_and_the_session_survives(
        self, signed_in_csrf_client, author, url
    ):
        response = signed_in_csrf_client.post(url)

        assert response.status_code == 403
        assert signed_in_user_id(signed_in_csrf_client) == str(author.pk)
        assert signed_in_csrf_client.get("/admin_page/").status_code == 200

    def test_new_post_without_token_is_403_and_saves_nothing(self, signed_in_csrf_client):
        data = {"title": "Forged", "body": "Forged.", "status": "published"}

        response = signed_in_csrf_client.post("/cadmin/post/add/", data)

        assert response.status_code == 403
        assert not Post.objects.exists()

    def test_post_update_without_token_is_403_and_keeps_the_post(self, signed_in_csrf_client, post):
        data = {"title": "Forged", "body": "Forged.", "status": "draft"}

        response = signed_in_csrf_client.post(f"/cadmin/post/update/{post.pk}/", data)

        assert response.status_code == 403
        post.refresh_from_db()
        assert (post.title, post.body, post.status) == (
            "Original title",
            "Original body.",
            "published",
        )

    def test_post_delete_without_token_is_403_and_keeps_the_post(self, signed_in_csrf_client, post):
        response = signed_in_csrf_client.post(f"/cadmin/post/delete/{post.pk}/")

        assert response.status_code == 403
        assert Post.objects.filter(pk=post.pk).exists()

    @pytest.mark.parametrize(("kind", "model"), [("category", Category), ("tag", Tag)])
    def test_taxonomy_add_without_token_is_403_and_adds_nothing(
        self, signed_in_csrf_client, kind, model
    ):
        response = signed_in_csrf_client.post(f"/cadmin/{kind}/add/", {"name": "Forged"})

        assert response.status_code == 403
        assert not model.objects.exists()

    @pytest.mark.parametrize(
        ("kind", "factory"), [("category", CategoryFactory), ("tag", TagFactory)]
    )
    def test_taxonomy_update_without_token_is_403_and_keeps_the_name(
        self, signed_in_csrf_client, kind, factory
    ):
        item = factory(name="Original")

        response = signed_in_csrf_client.post(
            f"/cadmin/{kind}/update/{item.pk}/", {"name": "Forged", "slug": "forged"}
        )

        assert response.status_code == 403
        item.refresh_from_db()
        assert (item.name, item.slug) == ("Original", "original")

    @pytest.mark.parametrize("url", ["/login/", "/cadmin/login/"])
    def test_made_up_token_is_also_403(self, csrf_client, author, url):
        csrf_client.get(url)  # a real csrftoken cookie, but a token that does not match it

        response = csrf_client.post(
            url,
            {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": "x" * 64},
        )

        assert response.status_code == 403
        assert signed_in_user_id(csrf_client) is None


class TestPostWithTokenFromThePageWorks:
    @pytest.mark.parametrize(
        ("url", "destination"), [("/login/", "/admin_page/"), ("/cadmin/login/", "/cadmin/")]
    )
    def test_login_with_the_pages_token_signs_in(self, csrf_client, author, url, destination):
        page = csrf_client.get(url)
        assert "csrftoken" in csrf_client.cookies

        response = csrf_client.post(
            url,
            {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": form_token(page)},
        )

        assert response.status_code == 302
        assert response.headers["Location"] == destination
        assert signed_in_user_id(csrf_client) == str(author.pk)

    @pytest.mark.parametrize("url", ["/logout/", "/cadmin/logout/"])
    def test_sign_out_with_the_pages_token_ends_the_session(self, signed_in_csrf_client, url):
        page = signed_in_csrf_client.get(url)
        assert "Sign out?" in page.text

        response = signed_in_csrf_client.post(url, {"csrfmiddlewaretoken": form_token(page)})

        assert response.status_code == 200
        assert "You are signed out" in response.text
        assert signed_in_user_id(signed_in_csrf_client) is None

    def test_new_post_with_the_pages_token_is_saved(self, signed_in_csrf_client, author):
        page = signed_in_csrf_client.get("/cadmin/post/add/")
        data = {
            "title": "With a token",
            "body": "Fine.",
            "status": "published",
            "csrfmiddlewaretoken": form_token(page),
        }

        response = signed_in_csrf_client.post("/cadmin/post/add/", data)

        assert response.status_code == 302
        assert Post.objects.get().title == "With a token"
