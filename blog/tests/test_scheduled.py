"""Scheduled publishing: a post published for a time to come appears to readers at that time,
with no worker running, and the anonymous page cache never shows it early nor late."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from blog.models import Post
from tests.clients import signed_in
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

DUE = timezone.now().replace(microsecond=0) + timedelta(days=2)


@pytest.fixture
def published(author):
    return PostFactory(author=author, title="Already out", published_at=DUE - timedelta(days=3))


@pytest.fixture
def scheduled(author, published):
    return PostFactory(author=author, title="Coming on Friday", published_at=DUE)


def reader_pages(post) -> list[str]:
    return ["/", post.category.get_absolute_url(), "/?page=1"]


def shown_to_readers(post, client: Client) -> list[bool]:
    return [post.title in client.get(page).text for page in reader_pages(post)]


class TestBeforeItsTime:
    def test_readers_do_not_see_it_on_any_page(self, client, scheduled):
        assert shown_to_readers(scheduled, client) == [False, False, False]
        assert client.get(scheduled.get_absolute_url()).status_code == 404

    def test_its_author_sees_it_marked_scheduled(self, author, scheduled):
        response = signed_in(author).get(scheduled.get_absolute_url())

        assert response.status_code == 200
        assert "readers cannot see it until its publication time" in response.text
        assert "Scheduled" in signed_in(author).get("/cadmin/posts/").text

    def test_another_author_does_not_see_it(self, other_author, scheduled):
        assert signed_in(other_author).get(scheduled.get_absolute_url()).status_code == 404

    def test_it_is_not_counted_among_published_posts(self, scheduled):
        assert list(Post.objects.published().values_list("title", flat=True)) == ["Already out"]


class TestAtItsTime:
    def test_readers_see_it_the_moment_it_is_due_although_the_page_was_cached(
        self, client, scheduled
    ):
        with time_machine.travel(DUE - timedelta(seconds=1), tick=False):
            assert shown_to_readers(scheduled, client) == [False, False, False]
            assert shown_to_readers(scheduled, client) == [False, False, False]  # from cache
        with time_machine.travel(DUE, tick=False):
            assert shown_to_readers(scheduled, client) == [True, True, True]
            assert client.get(scheduled.get_absolute_url()).status_code == 200

    def test_a_cached_page_waits_for_the_next_one_after_the_first_is_due(
        self, client, author, scheduled
    ):
        later = PostFactory(
            author=author, title="Coming next week", published_at=DUE + timedelta(days=5)
        )
        with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
            assert shown_to_readers(scheduled, client)[0]
            assert not shown_to_readers(later, client)[0]
        with time_machine.travel(DUE + timedelta(days=5), tick=False):
            assert shown_to_readers(later, client)[0]

    def test_a_cached_page_is_still_served_from_the_cache_between_publications(
        self, client, scheduled, django_assert_num_queries
    ):
        with time_machine.travel(DUE - timedelta(hours=1), tick=False):
            client.get("/")
            with django_assert_num_queries(0):
                assert client.get("/").status_code == 200


class TestSchedulingInTheEditor:
    def test_publish_at_a_future_time_schedules_the_post(self, author_client, author):
        response = author_client.post(
            "/cadmin/post/add/",
            {
                "title": "Planned",
                "body": "Words",
                "status": "published",
                "published_at": DUE.strftime("%Y-%m-%dT%H:%M"),
            },
        )

        assert response.status_code == 302
        post = Post.objects.get(title="Planned")
        assert post.is_scheduled
        assert post.published_at == DUE.replace(second=0)
        assert post.revisions.get().kind == "scheduled"
        assert "Planned" not in Client().get("/").text

    def test_the_editor_shows_the_time_it_is_scheduled_for(self, author_client, scheduled):
        html = author_client.get(f"/cadmin/post/update/{scheduled.pk}/").text

        assert f'value="{DUE.strftime("%Y-%m-%dT%H:%M")}"' in html
        assert 'type="datetime-local"' in html

    def test_a_time_that_is_no_time_is_a_form_error(self, author_client):
        response = author_client.post(
            "/cadmin/post/add/",
            {"title": "Planned", "body": "Words", "status": "published", "published_at": "soon"},
        )

        assert response.status_code == 200
        assert "Enter a valid date/time." in response.text
        assert not Post.objects.filter(title="Planned").exists()
