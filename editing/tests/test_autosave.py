"""Autosave: the editor's draft goes to the author's own slot, never into the post."""

from datetime import datetime

import pytest

from editing.models import Autosave
from tests.clients import signed_in
from tests.editor_forms import editor_form
from tests.factories import PostFactory, TagFactory, UserFactory

from .conftest import ADD_AUTOSAVE_URL, autosave_url

pytestmark = pytest.mark.django_db

POST_BODY_LIMIT = 100_000


def snapshot(post) -> dict:
    post.refresh_from_db()
    return {
        "title": post.title,
        "body": post.body,
        "category": post.category_id,
        "tags": sorted(post.tags.values_list("pk", flat=True)),
        "updated": post.updated,
    }


class TestAutosaveOfAPost:
    def test_answers_when_it_was_saved(self, author_client, post):
        response = author_client.post(autosave_url(post), editor_form(post, body="New words."))

        assert response.status_code == 200
        answer = response.json()
        saved_at = datetime.fromisoformat(answer["saved_at"])
        assert answer["shown"] == saved_at.strftime("%H:%M")

    def test_keeps_the_draft_in_the_authors_slot(self, author_client, author, post, tag):
        author_client.post(
            autosave_url(post), editor_form(post, title="Tomatoes", body="New", tags=[tag.pk])
        )

        slot = Autosave.objects.get()
        assert (slot.user, slot.post, slot.title, slot.body) == (author, post, "Tomatoes", "New")
        assert slot.category == post.category
        assert list(slot.tags.all()) == [tag]

    def test_leaves_the_saved_post_unchanged(self, author_client, post):
        before = snapshot(post)

        author_client.post(autosave_url(post), editor_form(post, title="Changed", body="Changed"))

        assert snapshot(post) == before

    def test_a_second_autosave_replaces_the_first(self, author_client, post):
        author_client.post(autosave_url(post), editor_form(post, body="First"))
        author_client.post(autosave_url(post), editor_form(post, body="Second"))

        assert list(Autosave.objects.values_list("body", flat=True)) == ["Second"]

    def test_an_unfinished_draft_without_title_is_kept(self, author_client, post):
        response = author_client.post(autosave_url(post), editor_form(post, title="", body=""))

        assert response.status_code == 200
        assert Autosave.objects.get().title == ""

    def test_each_editor_of_a_post_has_a_slot_of_their_own(self, author_client, superuser, post):
        author_client.post(autosave_url(post), editor_form(post, body="Alice's"))
        signed_in(superuser).post(autosave_url(post), editor_form(post, body="Root's"))

        slots = dict(Autosave.objects.values_list("user__username", "body"))
        assert slots == {"alice": "Alice's", "root": "Root's"}

    def test_a_superuser_may_autosave_anyones_post(self, superuser):
        post = PostFactory(author=UserFactory(username="carol"))

        response = signed_in(superuser).post(autosave_url(post), editor_form(post))

        assert response.status_code == 200


class TestAutosaveOfANewPost:
    def test_keeps_the_draft_in_the_new_post_slot(self, author_client, author):
        response = author_client.post(ADD_AUTOSAVE_URL, {"title": "Half", "body": "Written"})

        assert response.status_code == 200
        slot = Autosave.objects.get()
        assert (slot.user, slot.post, slot.title, slot.body) == (author, None, "Half", "Written")

    def test_one_new_post_slot_per_author(self, author_client):
        author_client.post(ADD_AUTOSAVE_URL, {"title": "One", "body": ""})
        author_client.post(ADD_AUTOSAVE_URL, {"title": "Two", "body": ""})

        assert list(Autosave.objects.values_list("title", flat=True)) == ["Two"]


class TestBadAutosave:
    def test_a_body_longer_than_a_post_may_be_is_refused(self, author_client, post):
        before = snapshot(post)
        too_long = "x" * (POST_BODY_LIMIT + 1)

        response = author_client.post(autosave_url(post), editor_form(post, body=too_long))

        assert response.status_code == 400
        assert "Body" in response.json()["error"]
        assert "at most 100000 characters" in response.json()["error"]
        assert not Autosave.objects.exists()
        assert snapshot(post) == before

    def test_a_body_exactly_as_long_as_allowed_is_kept(self, author_client, post):
        body = "x" * POST_BODY_LIMIT

        response = author_client.post(autosave_url(post), editor_form(post, body=body))

        assert response.status_code == 200
        assert Autosave.objects.get().body == body

    @pytest.mark.parametrize("bad_category", ["999999", "not-a-number"])
    def test_a_category_that_does_not_exist_is_refused(self, author_client, post, bad_category):
        response = author_client.post(autosave_url(post), editor_form(post, category=bad_category))

        assert response.status_code == 400
        assert response.json()["error"].startswith("Not saved. Category:")
        assert not Autosave.objects.exists()

    def test_a_refused_autosave_keeps_the_slot_as_it_was(self, author_client, post):
        author_client.post(autosave_url(post), editor_form(post, body="Kept"))

        author_client.post(autosave_url(post), editor_form(post, body="x" * 100_001))

        assert Autosave.objects.get().body == "Kept"

    def test_another_authors_post_is_a_404_and_nothing_is_kept(self, other_author, post):
        before = snapshot(post)

        response = signed_in(other_author).post(
            autosave_url(post), editor_form(post, body="Not yours")
        )

        assert response.status_code == 404
        assert response.json() == {"error": "There is no such post that you may edit."}
        assert not Autosave.objects.exists()
        assert snapshot(post) == before

    def test_a_post_that_does_not_exist_is_a_404(self, author_client):
        response = author_client.post("/cadmin/post/987654/autosave/", {"body": "x"})

        assert response.status_code == 404

    def test_signed_out_is_a_403_in_json_not_a_redirect(self, client, post):
        response = client.post(autosave_url(post), editor_form(post, body="Anyone"))

        assert response.status_code == 403
        assert "signed out" in response.json()["error"]
        assert not Autosave.objects.exists()

    def test_signed_out_autosave_of_a_new_post_is_a_403(self, client):
        response = client.post(ADD_AUTOSAVE_URL, {"body": "Anyone"})

        assert response.status_code == 403

    def test_get_is_not_allowed(self, author_client, post):
        assert author_client.get(autosave_url(post)).status_code == 405

    def test_without_the_csrf_token_nothing_is_kept(self, csrf_client, author, post):
        csrf_client.force_login(author)

        response = csrf_client.post(autosave_url(post), editor_form(post, body="Forged"))

        assert response.status_code == 403
        assert not Autosave.objects.exists()


class TestAutosaveQueries:
    # The session, the user, the role's permissions (two, before the cache keeps them), the
    # post, the category and tags checked, the slot written.
    MOST = 18

    def test_the_number_of_queries_does_not_grow_with_tags(
        self, author_client, post, django_assert_max_num_queries
    ):
        with_one_tag = editor_form(post, tags=[TagFactory().pk])
        with_twelve_tags = editor_form(post, tags=[TagFactory().pk for _ in range(12)])
        author_client.post(autosave_url(post), editor_form(post))  # the slot exists from now

        with django_assert_max_num_queries(self.MOST):
            author_client.post(autosave_url(post), with_one_tag)
        with django_assert_max_num_queries(self.MOST):
            author_client.post(autosave_url(post), with_twelve_tags)

    def test_the_first_autosave_costs_no_more(
        self, author_client, post, django_assert_max_num_queries
    ):
        data = editor_form(post, tags=[TagFactory().pk for _ in range(12)])

        with django_assert_max_num_queries(self.MOST):
            author_client.post(autosave_url(post), data)
