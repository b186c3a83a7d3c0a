"""Who may reach which post: an author only their own, a superuser all, a stranger none."""

import pytest

from blog.models import Category, Post, Tag
from tests.clients import signed_in
from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

DENIED = {403, 404}


def snapshot(post: Post) -> dict:
    post.refresh_from_db()
    return {
        "title": post.title,
        "body": post.body,
        "status": post.status,
        "author_id": post.author_id,
        "category_id": post.category_id,
        "updated": post.updated,
    }


@pytest.fixture(params=["published", "draft"])
def bobs_post(request, other_author):
    return PostFactory(
        author=other_author, title="Bob keeps bees", body="Bob's own words.", status=request.param
    )


@pytest.fixture
def edit_data():
    return {
        "title": "Taken over",
        "body": "Someone else's words.",
        "category": CategoryFactory(name="Hijacked").pk,
        "status": "published",
        "version": 1,
    }


class TestAuthorCannotReachAnotherAuthorsPost:
    def test_author_cannot_open_the_update_page(self, author_client, bobs_post):
        response = author_client.get(f"/cadmin/post/update/{bobs_post.pk}/")

        assert response.status_code in DENIED
        assert "Bob keeps bees" not in response.text
        assert "Bob&#x27;s own words." not in response.text

    def test_author_cannot_edit_another_authors_post(self, author_client, bobs_post, edit_data):
        before = snapshot(bobs_post)

        response = author_client.post(f"/cadmin/post/update/{bobs_post.pk}/", edit_data)

        assert response.status_code in DENIED
        assert snapshot(bobs_post) == before

    def test_author_cannot_open_the_delete_page(self, author_client, bobs_post):
        response = author_client.get(f"/cadmin/post/delete/{bobs_post.pk}/")

        assert response.status_code in DENIED
        assert "Bob keeps bees" not in response.text
        assert Post.objects.filter(pk=bobs_post.pk).exists()

    def test_author_cannot_delete_another_authors_post(self, author_client, bobs_post):
        before = snapshot(bobs_post)

        response = author_client.post(f"/cadmin/post/delete/{bobs_post.pk}/")

        assert response.status_code in DENIED
        assert Post.objects.filter(pk=bobs_post.pk).exists()
        assert snapshot(bobs_post) == before

    def test_author_cannot_find_another_authors_post_in_the_dashboard(
        self, author_client, bobs_post
    ):
        for url in ("/cadmin/", "/cadmin/posts/"):
            assert "Bob keeps bees" not in author_client.get(url).text

    def test_author_field_cannot_hand_an_own_post_to_someone_else(
        self, author_client, author, other_author, edit_data
    ):
        post = PostFactory(author=author)

        author_client.post(
            f"/cadmin/post/update/{post.pk}/", {**edit_data, "author": other_author.pk}
        )

        post.refresh_from_db()
        assert post.title == "Taken over"
        assert post.author == author


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("action", ["update", "delete"])
def test_missing_post_is_not_found(author_client, method, action):
    response = getattr(author_client, method)(f"/cadmin/post/{action}/999999/")

    assert response.status_code == 404


class TestSuperuserReachesEveryPost:
    def test_superuser_can_open_another_authors_update_page(self, superuser, bobs_post):
        response = signed_in(superuser).get(f"/cadmin/post/update/{bobs_post.pk}/")

        assert response.status_code == 200
        assert 'value="Bob keeps bees"' in response.text

    def test_superuser_can_edit_any_post_and_the_author_stays(
        self, superuser, other_author, bobs_post, edit_data
    ):
        response = signed_in(superuser).post(f"/cadmin/post/update/{bobs_post.pk}/", edit_data)

        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/posts/"
        bobs_post.refresh_from_db()
        assert bobs_post.title == "Taken over"
        assert bobs_post.author == other_author

    def test_superuser_can_delete_any_post(self, superuser, bobs_post):
        client = signed_in(superuser)

        confirm = client.get(f"/cadmin/post/delete/{bobs_post.pk}/")
        response = client.post(f"/cadmin/post/delete/{bobs_post.pk}/", {"version": 1})

        assert confirm.status_code == 200
        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/posts/"
        assert not Post.objects.filter(pk=bobs_post.pk).exists()


@pytest.fixture
def content(other_author):
    category = CategoryFactory(name="Beekeeping")
    return {
        "post": PostFactory(author=other_author, title="Bob keeps bees", category=category),
        "category": category,
        "tag": TagFactory(name="honey"),
    }


DASHBOARD_PATHS = [
    "/cadmin/",
    "/cadmin/posts/",
    "/cadmin/post/add/",
    "/cadmin/post/update/{post}/",
    "/cadmin/post/delete/{post}/",
    "/cadmin/categories/",
    "/cadmin/category/add/",
    "/cadmin/category/update/{category}/",
    "/cadmin/tags/",
    "/cadmin/tag/add/",
    "/cadmin/tag/update/{tag}/",
]
# Forms kept across sign-in (keptforms): an anonymous POST to them is kept, never saved.
KEEPING_PATHS = {path for path in DASHBOARD_PATHS if "/add/" in path or "/update/" in path}


def fill(path: str, content: dict) -> str:
    return path.format(**{name: obj.pk for name, obj in content.items()})


class TestAnonymousVisitor:
    @pytest.mark.parametrize("path", DASHBOARD_PATHS)
    def test_anonymous_get_is_sent_to_sign_in_with_next(self, client, content, path):
        path = fill(path, content)

        response = client.get(path)

        assert response.status_code == 302
        assert response.headers["Location"] == f"/cadmin/login/?next={path}"

    def test_query_string_is_kept_in_next(self, client):
        response = client.get("/cadmin/posts/", {"page": 2})

        assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/posts/%3Fpage%3D2"

    @pytest.mark.parametrize("path", DASHBOARD_PATHS)
    def test_anonymous_post_changes_nothing(self, client, content, path):
        next_url = f"{fill(path, content)}%3Fkept%3D" if path in KEEPING_PATHS else None
        path = fill(path, content)
        post = content["post"]
        before = snapshot(post)
        data = {
            "title": "Vandalised",
            "body": "Vandalised",
            "status": "draft",
            "name": "Vandalised",
            "slug": "vandalised",
        }

        response = client.post(path, data)

        assert response.status_code == 302
        if next_url:
            assert response.headers["Location"].startswith(f"/cadmin/login/?next={next_url}")
        else:
            assert response.headers["Location"] == f"/cadmin/login/?next={path}"
        assert Post.objects.count() == 1
        assert snapshot(post) == before
        assert list(Category.objects.values_list("name", "slug")) == [("Beekeeping", "beekeeping")]
        assert list(Tag.objects.values_list("name", "slug")) == [("honey", "honey")]
