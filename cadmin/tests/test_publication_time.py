"""Saving a published post keeps its publication time exactly, unless the author changed it:
"Publish at" shows minutes (seconds in Django admin), never the microseconds a post published
"now" has, and feeds, sitemaps and the order of posts read the time to the microsecond."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from blog.models import Post
from tests.clients import signed_in
from tests.editor_forms import editor_form
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime(2026, 3, 2, 12, 3, 41, 123456, tzinfo=UTC)


@pytest.fixture
def post(author) -> Post:
    return PostFactory(author=author, title="Tea", category=None, published_at=PUBLISHED_AT)


def published_at(post: Post) -> datetime:
    post.refresh_from_db()
    return post.published_at


class TestTheDashboardEditor:
    def save(self, client, post: Post, **changes) -> None:
        url = f"/cadmin/post/update/{post.pk}/"
        assert client.post(url, editor_form(post, **changes)).status_code == 302

    def test_a_save_that_leaves_publish_at_keeps_the_time_to_the_microsecond(
        self, author_client, post
    ):
        self.save(author_client, post, title="Green tea")

        assert published_at(post) == PUBLISHED_AT

    def test_another_minute_in_publish_at_is_the_new_time(self, author_client, post):
        self.save(author_client, post, published_at="2026-03-02T12:07")

        assert published_at(post) == datetime(2026, 3, 2, 12, 7, tzinfo=UTC)

    def test_clearing_publish_at_publishes_it_now(self, author_client, post):
        now = PUBLISHED_AT + timedelta(days=1)
        with time_machine.travel(now, tick=False):
            self.save(author_client, post, published_at="")

        assert published_at(post) == now


class TestDjangoAdmin:
    def save(self, post: Post, time: str) -> None:
        response = signed_in(post.author).post(
            f"/admin/blog/post/{post.pk}/change/",
            {
                "title": post.title,
                "body": post.body,
                "status": post.status,
                "published_at_0": "2026-03-02",
                "published_at_1": time,
                "revisions-TOTAL_FORMS": "0",
                "revisions-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.context and response.context["errors"]

    @pytest.fixture(autouse=True)
    def staff_author(self, author) -> None:
        author.is_staff = True
        author.save(update_fields=["is_staff"])

    def test_a_save_that_leaves_the_time_keeps_it_to_the_microsecond(self, post):
        self.save(post, "12:03:41")

        assert published_at(post) == PUBLISHED_AT

    def test_another_second_is_the_new_time(self, post):
        self.save(post, "12:03:42")

        assert published_at(post) == datetime(2026, 3, 2, 12, 3, 42, tzinfo=UTC)
