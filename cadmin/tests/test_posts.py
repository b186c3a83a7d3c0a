"""Writing posts in the dashboard: add, update, delete, form errors and the post list."""

import pytest
from django.test import Client

from blog.models import Post
from tests.clients import signed_in
from tests.factories import CategoryFactory, PostFactory, TagFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db

ADD_URL = "/cadmin/post/add/"
LIST_URL = "/cadmin/posts/"


def update_url(post) -> str:
    return f"/cadmin/post/update/{post.pk}/"


def delete_url(post) -> str:
    return f"/cadmin/post/delete/{post.pk}/"


@pytest.fixture
def category():
    return CategoryFactory(name="Gardening")


@pytest.fixture
def post_data(category):
    return {
        "title": "Planting tomatoes",
        "body": "Water them **every** morning.",
        "category": category.pk,
        "status": "published",
    }


class TestAddPost:
    def test_adding_a_post_redirects_to_the_post_list(self, author_client, post_data):
        response = author_client.post(ADD_URL, post_data)

        assert response.status_code == 302
        assert response.headers["Location"] == LIST_URL

    def test_added_post_is_saved_with_the_signed_in_author(
        self, author_client, author, category, post_data
    ):
        tag = TagFactory(name="summer")

        author_client.post(ADD_URL, {**post_data, "tags": [tag.pk]})

        post = Post.objects.get()
        assert post.title == "Planting tomatoes"
        assert post.body == "Water them **every** morning."
        assert post.category == category
        assert list(post.tags.all()) == [tag]
        assert post.status == Post.Status.PUBLISHED
        assert post.author == author

    def test_author_field_in_the_form_is_ignored(
        self, author_client, author, other_author, post_data
    ):
        author_client.post(ADD_URL, {**post_data, "author": other_author.pk})

        assert Post.objects.get().author == author
        assert not other_author.posts.exists()

    def test_post_added_message_is_shown_on_the_next_page(self, author_client, post_data):
        response = author_client.post(ADD_URL, post_data, follow=True)

        assert response.redirect_chain == [(LIST_URL, 302)]
        assert "Post added." in response.text
        assert "Planting tomatoes" in response.text

    def test_add_page_shows_an_empty_form(self, author_client):
        response = author_client.get(ADD_URL)

        assert response.status_code == 200
        assert "<h1>Write a post</h1>" in response.text
        for field in ("title", "body", "category", "status"):
            assert f'name="{field}"' in response.text
        assert 'name="author"' not in response.text


class TestPublishing:
    def test_published_post_appears_on_the_public_blog(self, author_client, post_data):
        author_client.post(ADD_URL, post_data)

        html = Client().get("/").text

        assert "Planting tomatoes" in html
        assert Post.objects.get().get_absolute_url() in html

    def test_published_post_detail_page_renders_the_markdown(self, author_client, post_data):
        author_client.post(ADD_URL, {**post_data, "body": "Grow **bold** tomatoes."})
        post = Post.objects.get()

        response = Client().get(f"/{post.pk}/{post.slug}/")

        assert response.status_code == 200
        assert "<h1>Planting tomatoes</h1>" in response.text
        assert "<strong>bold</strong>" in response.text
        assert "**bold**" not in response.text

    def test_draft_does_not_appear_on_the_public_blog(self, author_client, post_data):
        author_client.post(ADD_URL, {**post_data, "status": "draft"})

        html = Client().get("/").text

        assert Post.objects.get().status == Post.Status.DRAFT
        assert "Planting tomatoes" not in html
        assert "No posts here yet." in html


class TestUpdatePost:
    def test_update_page_shows_the_current_post(self, author_client, author):
        post = PostFactory(author=author, title="Old title", body="Old body text")

        response = author_client.get(update_url(post))

        assert response.status_code == 200
        assert 'value="Old title"' in response.text
        assert "Old body text</textarea>" in response.text

    def test_update_saves_the_changes_and_says_so(self, author_client, author, post_data):
        post = PostFactory(author=author, title="Old title", body="Old body", status="draft")
        new_category = CategoryFactory(name="Cooking")
        changes = {
            **post_data,
            "title": "New title",
            "body": "New *body*",
            "category": new_category.pk,
            "version": post.version,
        }

        response = author_client.post(update_url(post), changes, follow=True)

        assert response.redirect_chain == [(LIST_URL, 302)]
        assert "Post updated." in response.text
        post.refresh_from_db()
        assert post.title == "New title"
        assert post.body == "New *body*"
        assert "<em>body</em>" in post.body_html
        assert post.category == new_category
        assert post.status == Post.Status.PUBLISHED
        assert post.author == author

    def test_update_keeps_the_post_address(self, author_client, author, post_data):
        post = PostFactory(author=author, title="Old title")
        old_url = post.get_absolute_url()

        author_client.post(update_url(post), {**post_data, "title": "New title", "version": 1})

        post.refresh_from_db()
        assert post.get_absolute_url() == old_url


class TestDeletePost:
    def test_delete_page_asks_for_confirmation_and_deletes_nothing(self, author_client, author):
        post = PostFactory(author=author, title="Short lived")

        response = author_client.get(delete_url(post))

        assert response.status_code == 200
        assert "<h1>Move “Short lived” to the trash?</h1>" in response.text
        assert 'method="post"' in response.text
        assert 'name="csrfmiddlewaretoken"' in response.text
        assert Post.objects.filter(pk=post.pk).exists()

    def test_confirming_moves_the_post_to_the_trash_and_says_so(self, author_client, author):
        post = PostFactory(author=author, title="Short lived")

        response = author_client.post(delete_url(post), {"version": 1}, follow=True)

        assert response.redirect_chain == [(LIST_URL, 302)]
        assert "“Short lived” was moved to the trash. You can restore it there." in response.text
        assert "<td><a" not in response.text.split("moved to the trash")[1]
        assert not Post.objects.filter(pk=post.pk).exists()
        assert Post.all_objects.get(pk=post.pk).deleted_at is not None

    def test_deleted_post_is_gone_from_the_public_blog(self, author_client, author):
        post = PostFactory(author=author, title="Short lived")
        detail_url = post.get_absolute_url()

        author_client.post(delete_url(post), {"version": post.version})

        assert "Short lived" not in Client().get("/").text
        assert Client().get(detail_url).status_code == 404


FORM_ERRORS = [
    pytest.param("title", "", "This field is required.", id="empty-title"),
    pytest.param(
        "title",
        "x" * 201,
        "Ensure this value has at most 200 characters (it has 201).",
        id="title-too-long",
    ),
    pytest.param(
        "category",
        "999999",
        "Select a valid choice. That choice is not one of the available choices.",
        id="unknown-category",
    ),
    pytest.param("category", "not-a-number", "Select a valid choice.", id="non-numeric-category"),
    pytest.param("status", "archived", "Select a valid choice.", id="unknown-status"),
]
TYPED_BODY = "My carefully typed draft & notes"


class TestFormErrors:
    @pytest.mark.parametrize(("field", "value", "message"), FORM_ERRORS)
    def test_bad_new_post_shows_the_error_and_saves_nothing(
        self, author_client, post_data, field, value, message
    ):
        data = {**post_data, "body": TYPED_BODY, field: value}

        response = author_client.post(ADD_URL, data)

        assert response.status_code == 200
        assert message in response.text
        assert Post.objects.count() == 0

    @pytest.mark.parametrize(("field", "value", "message"), FORM_ERRORS)
    def test_bad_new_post_keeps_what_the_author_typed(
        self, author_client, post_data, field, value, message
    ):
        data = {**post_data, "body": TYPED_BODY, field: value}

        html = author_client.post(ADD_URL, data).text

        assert "My carefully typed draft &amp; notes</textarea>" in html
        if field != "title":
            assert 'value="Planting tomatoes"' in html

    @pytest.mark.parametrize(("field", "value", "message"), FORM_ERRORS)
    def test_bad_update_shows_the_error_and_leaves_the_post_unchanged(
        self, author_client, author, post_data, field, value, message
    ):
        post = PostFactory(author=author, title="Saved title", body="Saved body")
        data = {**post_data, "body": TYPED_BODY, field: value, "version": post.version}

        response = author_client.post(update_url(post), data)

        assert response.status_code == 200
        assert message in response.text
        assert "My carefully typed draft &amp; notes</textarea>" in response.text
        post.refresh_from_db()
        assert post.title == "Saved title"
        assert post.body == "Saved body"


class TestPostList:
    def test_author_sees_only_their_own_posts(self, author_client, author, other_author):
        PostFactory(author=author, title="Alice on green tea")
        PostFactory(author=other_author, title="Bob on black coffee")

        response = author_client.get(LIST_URL)

        assert response.status_code == 200
        assert "<h1>Your posts</h1>" in response.text
        assert "Alice on green tea" in response.text
        assert "Bob on black coffee" not in response.text

    def test_superuser_sees_every_authors_posts(self, superuser, author, other_author):
        PostFactory(author=author, title="Alice on green tea")
        PostFactory(author=other_author, title="Bob on black coffee", status="draft")

        html = signed_in(superuser).get(LIST_URL).text

        assert "<h1>All posts</h1>" in html
        assert "Alice on green tea" in html
        assert "Bob on black coffee" in html

    def test_list_links_to_edit_and_delete_each_post(self, author_client, author):
        post = PostFactory(author=author)

        html = author_client.get(LIST_URL).text

        assert f'href="{update_url(post)}"' in html
        assert f'href="{delete_url(post)}"' in html

    def test_list_paginates_twenty_posts_a_page_newest_first(self, author_client, author):
        for number in range(21):
            PostFactory(author=author, title=f"Entry {number:02d}")

        first = author_client.get(LIST_URL)
        second = author_client.get(LIST_URL, {"page": 2})

        assert first.text.count('href="/cadmin/post/update/') == 20
        assert "Page 1 of 2" in first.text
        assert "Entry 20" in first.text
        assert "Entry 00" not in first.text
        assert second.text.count('href="/cadmin/post/update/') == 1
        assert "Page 2 of 2" in second.text
        assert "Entry 00" in second.text

    def test_other_authors_posts_do_not_add_pages(self, author_client, author, other_author):
        PostFactory.create_batch(20, author=author)
        PostFactory.create_batch(5, author=other_author)

        html = author_client.get(LIST_URL).text

        assert html.count('href="/cadmin/post/update/') == 20
        assert "Page 1 of" not in html

    def test_page_past_the_end_is_not_found(self, author_client, author):
        PostFactory(author=author)

        assert author_client.get(LIST_URL, {"page": 5}).status_code == 404

    def test_list_query_count_does_not_grow_with_the_number_of_posts(self, author_client, author):
        PostFactory(author=author)
        with_one_post = queries_to_get(author_client, LIST_URL)
        PostFactory.create_batch(14, author=author)

        assert queries_to_get(author_client, LIST_URL) == with_one_post
