"""Deleting moves a post to the trash: hidden from readers, restorable with its history for
TGDB_TRASH_DAYS days, then purged by `manage.py purge_trash`."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from blog.models import Post
from revisions import changes
from revisions.models import PostRevision
from tests.clients import signed_in
from tests.factories import PostFactory
from tests.queries import queries_to_get

from .editor import update_url

pytestmark = pytest.mark.django_db
Kind = PostRevision.Kind


@pytest.fixture
def post(author):
    post = PostFactory(author=author, title="Bees in winter", body="They cluster.")
    changes.record(post, author, Kind.CREATED)
    return post


def trash(client, post) -> None:
    response = client.post(f"/cadmin/post/delete/{post.pk}/", {"version": post.version})
    assert response.status_code == 302


class TestMovingToTheTrash:
    def test_the_post_leaves_every_reader_page(self, author_client, post):
        reader = Client()
        address = post.get_absolute_url()
        assert "Bees in winter" in reader.get("/").text

        trash(author_client, post)

        assert "Bees in winter" not in reader.get("/").text
        assert reader.get(address).status_code == 404
        assert reader.get(post.category.get_absolute_url()).status_code == 200
        assert "Bees in winter" not in reader.get(post.category.get_absolute_url()).text

    def test_the_post_leaves_the_dashboard_and_its_editor(self, author_client, post):
        trash(author_client, post)

        listing = author_client.get("/cadmin/posts/").text
        assert "was moved to the trash" in listing
        assert f'href="{post.get_absolute_url()}"' not in listing
        assert author_client.get(update_url(post)).status_code == 404

    def test_it_is_listed_in_the_trash_with_when_it_goes_for_good(self, author_client, post):
        trash(author_client, post)

        html = author_client.get("/cadmin/trash/").text
        assert "<td>Bees in winter</td>" in html
        purge_day = (timezone.now() + timedelta(days=30)).strftime("%-d %b %Y")
        assert purge_day in html

    def test_the_trash_keeps_a_revision(self, author_client, post):
        trash(author_client, post)

        assert Post.all_objects.get(pk=post.pk).revisions.first().kind == Kind.TRASHED

    def test_another_authors_trash_is_not_shown_nor_restorable(
        self, author_client, post, other_author
    ):
        trash(author_client, post)
        bob = signed_in(other_author)

        assert "Bees in winter" not in bob.get("/cadmin/trash/").text
        assert bob.post(f"/cadmin/trash/{post.pk}/restore/").status_code == 404
        assert Post.all_objects.get(pk=post.pk).deleted_at is not None


class TestRestoringFromTheTrash:
    def test_the_post_comes_back_with_its_history_and_address(self, author_client, post):
        address = post.get_absolute_url()
        trash(author_client, post)

        response = author_client.post(f"/cadmin/trash/{post.pk}/restore/")

        assert response.status_code == 302
        assert response.headers["Location"] == update_url(post)
        post.refresh_from_db()
        assert post.deleted_at is None
        assert post.get_absolute_url() == address
        assert Client().get(address).status_code == 200
        assert list(post.revisions.values_list("kind", flat=True)) == [
            Kind.UNTRASHED,
            Kind.TRASHED,
            Kind.CREATED,
        ]

    def test_a_new_post_with_the_same_title_never_takes_the_trashed_ones_address(
        self, author_client, author, post
    ):
        trash(author_client, post)

        newer = PostFactory(author=author, title="Bees in winter")

        assert newer.slug != post.slug

    def test_restoring_by_get_changes_nothing(self, author_client, post):
        trash(author_client, post)

        assert author_client.get(f"/cadmin/trash/{post.pk}/restore/").status_code == 405
        assert Post.all_objects.get(pk=post.pk).deleted_at is not None


class TestPurge:
    def run_purge(self) -> str:
        out = StringIO()
        call_command("purge_trash", stdout=out)
        return out.getvalue()

    def test_a_post_trashed_over_30_days_ago_is_deleted_with_its_revisions(
        self, author_client, post
    ):
        with time_machine.travel(timezone.now() - timedelta(days=31)):
            trash(author_client, post)

        assert self.run_purge().startswith("Deleted 1 post(s) from the trash for good.\n")
        assert not Post.all_objects.filter(pk=post.pk).exists()
        assert not PostRevision.objects.filter(post_id=post.pk).exists()

    def test_younger_trash_and_live_posts_stay(self, author_client, author, post):
        kept = PostFactory(author=author, title="Still here")
        with time_machine.travel(timezone.now() - timedelta(days=29)):
            trash(author_client, post)

        assert self.run_purge().startswith("Deleted 0 post(s) from the trash for good.\n")
        assert Post.all_objects.filter(pk__in=[post.pk, kept.pk]).count() == 2


def test_the_trash_page_costs_the_same_queries_for_one_post_or_forty(author_client, author):
    def trashed(count: int) -> None:
        for _ in range(count):
            post = PostFactory(author=author)
            changes.move_to_trash(post, author, post.version)

    trashed(1)
    few = queries_to_get(author_client, "/cadmin/trash/")
    trashed(39)
    assert queries_to_get(author_client, "/cadmin/trash/") == few
