"""Deleting a post in Django admin, a post at a time or with "Delete selected", moves it to the
trash as the dashboard does: hidden from readers, a revision recorded, restorable from
/cadmin/trash/ for TGDB_TRASH_DAYS days."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from revisions import changes
from revisions.models import PostRevision
from tests.clients import signed_in
from tests.factories import PostFactory

from .editor import update_url

pytestmark = pytest.mark.django_db
Kind = PostRevision.Kind

POSTS = "/admin/blog/post/"


def delete_url(post: Post) -> str:
    return f"{POSTS}{post.pk}/delete/"


def delete_selected(*posts: Post, confirmed: bool = True) -> dict:
    """The change list's form choosing "Delete selected" for `posts` (confirmed: its second
    page's "yes" too)."""
    fields = {"action": "delete_selected", "_selected_action": [post.pk for post in posts]}
    return {**fields, "post": "yes"} if confirmed else fields


def titled(title: str, author) -> Post:
    post = PostFactory(author=author, title=title)
    changes.record(post, author, Kind.CREATED)
    return post


@pytest.fixture
def post(author) -> Post:
    return titled("Bees in winter", author)


@pytest.fixture
def admin_client(superuser) -> Client:
    return signed_in(superuser)


def assert_in_the_trash(post: Post, editor) -> None:
    """Still in the database, in the trash, gone from readers, with its trip to the trash in
    its history, made by `editor`."""
    trashed = Post.all_objects.get(pk=post.pk)
    assert trashed.deleted_at is not None
    assert not Post.objects.filter(pk=post.pk).exists()
    assert Client().get(post.get_absolute_url()).status_code == 404
    latest = trashed.revisions.first()
    assert (latest.version, latest.kind, latest.editor) == (post.version + 1, Kind.TRASHED, editor)


def assert_restorable(client: Client, post: Post) -> None:
    response = client.post(f"/cadmin/trash/{post.pk}/restore/")

    assert response.status_code == 302
    assert response.headers["Location"] == update_url(post)
    assert Client().get(post.get_absolute_url()).status_code == 200
    assert list(Post.objects.get(pk=post.pk).revisions.values_list("kind", flat=True)) == [
        Kind.UNTRASHED,
        Kind.TRASHED,
        Kind.CREATED,
    ]


class TestTheDeletePage:
    def test_it_asks_to_move_the_post_to_the_trash(self, admin_client, post):
        response = admin_client.get(delete_url(post))

        assert response.status_code == 200
        assert "Move the post “Bees in winter” to the trash?" in response.text
        assert "restored, with its history, from the" in response.text
        assert "for 30 days" in response.text
        assert "Are you sure" not in response.text
        assert "will be deleted" not in response.text

    def test_confirming_moves_the_post_to_the_trash_with_a_revision(
        self, admin_client, superuser, post
    ):
        response = admin_client.post(delete_url(post), {"post": "yes"})

        assert response.status_code == 302
        assert response.headers["Location"] == POSTS
        assert_in_the_trash(post, superuser)
        listing = admin_client.get(POSTS).text
        assert "“Bees in winter” was moved to the" in listing
        assert "(restorable from there for 30 days)" in listing
        assert "Bees in winter</a>" not in listing

    def test_the_trashed_post_is_restored_from_the_dashboards_trash(self, admin_client, post):
        admin_client.post(delete_url(post), {"post": "yes"})

        assert_restorable(admin_client, post)

    def test_a_staff_author_moves_their_own_post_to_their_trash(self, author, post):
        author.is_staff = True
        author.save(update_fields=["is_staff"])
        client = signed_in(author)

        response = client.post(delete_url(post), {"post": "yes"})

        assert response.headers["Location"] == POSTS
        assert_in_the_trash(post, author)
        assert "<td>Bees in winter</td>" in client.get("/cadmin/trash/").text
        assert_restorable(client, post)

    def test_a_post_already_in_the_trash_is_not_found_and_stays_there(self, admin_client, post):
        admin_client.post(delete_url(post), {"post": "yes"})

        again = admin_client.post(delete_url(post), {"post": "yes"}, follow=True)

        assert again.redirect_chain == [("/admin/", 302)]
        assert "Perhaps it was deleted?" in again.text
        assert Post.all_objects.get(pk=post.pk).revisions.filter(kind=Kind.TRASHED).count() == 1


class TestDeleteSelected:
    def test_it_asks_to_move_the_chosen_posts_to_the_trash(self, admin_client, author, post):
        other = titled("Wasps in spring", author)

        response = admin_client.post(POSTS, delete_selected(post, other, confirmed=False))

        assert response.status_code == 200
        assert "Move these posts to the trash?" in response.text
        assert "<li>Bees in winter</li>" in response.text
        assert "<li>Wasps in spring</li>" in response.text
        assert "for 30 days" in response.text
        assert "Are you sure" not in response.text
        assert Post.objects.count() == 2

    def test_the_action_is_named_for_the_trash(self, admin_client, post):
        html = admin_client.get(POSTS).text

        assert '<option value="delete_selected">Move selected posts to the trash</option>' in html

    def test_confirming_moves_each_post_to_the_trash_with_a_revision(
        self, admin_client, superuser, author, post
    ):
        other = titled("Wasps in spring", author)

        response = admin_client.post(POSTS, delete_selected(post, other), follow=True)

        assert response.redirect_chain == [(POSTS, 302)]
        assert "2 posts were moved to the" in response.text
        assert "(restorable from there for 30 days)" in response.text
        assert_in_the_trash(post, superuser)
        assert_in_the_trash(other, superuser)

    def test_the_trashed_posts_are_restored_from_the_dashboards_trash(
        self, admin_client, author, post
    ):
        other = titled("Wasps in spring", author)
        admin_client.post(POSTS, delete_selected(post, other))

        assert_restorable(admin_client, post)
        assert_restorable(admin_client, other)

    def test_a_post_already_in_the_trash_is_left_as_it_is(self, admin_client, author, post):
        other = titled("Wasps in spring", author)
        admin_client.post(POSTS, delete_selected(post))

        admin_client.post(POSTS, delete_selected(post, other))

        assert Post.all_objects.get(pk=post.pk).revisions.filter(kind=Kind.TRASHED).count() == 1
        assert Post.all_objects.get(pk=other.pk).deleted_at is not None

    def test_asking_costs_the_same_queries_for_one_post_or_twenty(self, admin_client, author, post):
        def queries_to_ask(posts: list[Post]) -> int:
            with CaptureQueriesContext(connection) as context:
                response = admin_client.post(POSTS, delete_selected(*posts, confirmed=False))
            assert response.status_code == 200
            return len(context.captured_queries)

        queries_to_ask([post])  # the first fills what is kept between requests
        few = queries_to_ask([post])
        many = [post] + [titled(f"Post {number}", author) for number in range(19)]

        assert queries_to_ask(many) == few
