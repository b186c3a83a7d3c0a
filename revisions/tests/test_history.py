"""A post's history: every change listed, any two compared, and restoring one as a new
version that never rewrites what came before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from revisions import changes
from revisions.models import PostRevision
from tests.clients import signed_in
from tests.factories import CategoryFactory, PostFactory, TagFactory

from .editor import edit, update_url

pytestmark = pytest.mark.django_db
Kind = PostRevision.Kind


def history_url(post) -> str:
    return f"/cadmin/post/{post.pk}/history/"


@pytest.fixture
def post(author):
    post = PostFactory(
        author=author, title="First title", body="Alpha\nBeta", status="draft", category=None
    )
    changes.record(post, author, Kind.CREATED)
    return post


def save(client, post, **fields):
    post.refresh_from_db()
    response = client.post(update_url(post), edit(post, post.version, **fields))
    assert response.status_code == 302, response.status_code
    post.refresh_from_db()


class TestEveryChangeKeepsARevision:
    def test_save_publish_and_unpublish_each_leave_one(self, author_client, post):
        save(author_client, post, body="Alpha\nGamma")
        save(author_client, post, status="published")
        save(author_client, post, status="draft")

        kinds = list(post.revisions.values_list("version", "kind"))
        assert kinds == [
            (4, Kind.UNPUBLISHED),
            (3, Kind.PUBLISHED),
            (2, Kind.SAVED),
            (1, Kind.CREATED),
        ]

    def test_a_revision_holds_who_when_and_every_field(self, author_client, author, post):
        category, tag = CategoryFactory(name="Tea"), TagFactory(name="green")

        save(author_client, post, title="Second", category=category.pk, tags=[tag.pk])

        revision = post.revisions.get(version=2)
        assert (revision.editor, revision.title, revision.body) == (author, "Second", "Alpha\nBeta")
        assert (revision.category_name, revision.tag_names, revision.status) == (
            "Tea",
            ["green"],
            "draft",
        )
        assert revision.created is not None

    def test_a_new_post_starts_its_history(self, author_client):
        response = author_client.post(
            "/cadmin/post/add/", {"title": "Brand new", "body": "Words", "status": "published"}
        )

        assert response.status_code == 302
        post = Post.objects.get(title="Brand new")
        assert list(post.revisions.values_list("version", "kind")) == [(1, Kind.PUBLISHED)]


class TestHistoryPage:
    def test_it_lists_every_revision_newest_first(self, author_client, post):
        save(author_client, post, title="Second title")

        response = author_client.get(history_url(post))

        assert response.status_code == 200
        html = response.text
        assert "History of “Second title”" in html
        assert html.index("<td>Second title</td>") < html.index("<td>First title</td>")
        assert "Version 2 is saved now." in html

    def test_it_compares_any_two_revisions(self, author_client, post):
        save(author_client, post, body="Alpha\nGamma")
        save(author_client, post, title="Third")

        response = author_client.get(history_url(post), {"from": 1, "to": 3})

        html = response.text
        assert "Revision 1 → revision 3" in html
        assert "<del>Beta</del>" in html
        assert "<ins>Gamma</ins>" in html
        assert "<td><del>First title</del></td><td><ins>Third</ins></td>" in html

    @pytest.mark.parametrize(
        "asked", [{"from": 1, "to": 99}, {"from": "x", "to": 1}, {"from": 1}, {"to": "-3"}]
    )
    def test_a_bad_comparison_is_a_clear_400(self, author_client, post, asked):
        response = author_client.get(history_url(post), asked)

        assert response.status_code == 400
        assert "no such revision" in response.text or "Choose two revisions" in response.text

    def test_another_authors_history_is_not_found(self, other_author, post):
        response = signed_in(other_author).get(history_url(post))

        assert response.status_code == 404
        assert "First title" not in response.text

    def test_its_queries_do_not_grow_with_the_revisions(self, author_client, post):
        def queries() -> int:
            with CaptureQueriesContext(connection) as context:
                response = author_client.get(history_url(post), {"from": 1, "to": 2})
            assert response.status_code == 200
            return len(context.captured_queries)

        save(author_client, post, body="Two")
        few = queries()
        for number in range(60):
            save(author_client, post, body=f"Version {number}")
        assert queries() == few


class TestRestore:
    def test_restoring_makes_a_new_version_and_keeps_every_old_one(self, author_client, post):
        category = CategoryFactory(name="Tea")
        save(author_client, post, title="Changed", body="Changed body", category=category.pk)

        response = author_client.post(f"{history_url(post)}1/restore/", {"version": 2})

        assert response.status_code == 302
        assert response.headers["Location"] == update_url(post)
        post.refresh_from_db()
        assert (post.title, post.body, post.category, post.version) == (
            "First title",
            "Alpha\nBeta",
            None,
            3,
        )
        assert list(post.revisions.values_list("version", "kind", "restored_from")) == [
            (3, Kind.RESTORED, 1),
            (2, Kind.SAVED, None),
            (1, Kind.CREATED, None),
        ]
        assert post.revisions.get(version=2).title == "Changed"

    def test_restoring_keeps_whether_the_post_is_published(self, author_client, post):
        save(author_client, post, status="published", title="Live")

        author_client.post(f"{history_url(post)}1/restore/", {"version": 2})

        post.refresh_from_db()
        assert (post.title, post.status) == ("First title", "published")

    def test_restoring_from_a_stale_history_page_restores_nothing(self, author_client, post):
        save(author_client, post, title="Two")
        save(author_client, post, title="Three")

        response = author_client.post(f"{history_url(post)}1/restore/", {"version": 2})

        assert response.status_code == 409
        assert "Nothing was restored" in response.text
        post.refresh_from_db()
        assert (post.title, post.version) == ("Three", 3)

    def test_restoring_a_revision_of_another_authors_post_is_not_found(
        self, author_client, other_author
    ):
        bobs = PostFactory(author=other_author, title="Bob's", body="Bob's words")
        changes.record(bobs, other_author, Kind.CREATED)

        response = author_client.post(f"{history_url(bobs)}1/restore/", {"version": 1})

        assert response.status_code == 404
        bobs.refresh_from_db()
        assert (bobs.version, bobs.revisions.count()) == (1, 1)

    def test_a_restore_by_get_changes_nothing(self, author_client, post):
        response = author_client.get(f"{history_url(post)}1/restore/")

        assert response.status_code == 405
        assert Post.objects.get(pk=post.pk).version == 1

    def test_a_deleted_tag_or_category_is_left_out_not_an_error(self, author_client, post):
        category, tag = CategoryFactory(name="Gone"), TagFactory(name="gone too")
        save(author_client, post, category=category.pk, tags=[tag.pk])
        save(author_client, post, title="Later")
        category.delete()
        tag.delete()

        response = author_client.post(f"{history_url(post)}2/restore/", {"version": 3})

        assert response.status_code == 302
        post.refresh_from_db()
        assert post.category is None
        assert list(post.tags.all()) == []
