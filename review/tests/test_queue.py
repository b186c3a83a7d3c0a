"""The review queue: on editors' dashboard home, counted, and on a page of its own. Nobody
else sees it or pays a query for it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Post
from review.queue import SHOWN_ON_HOME
from review.views import POSTS_PER_PAGE
from revisions.models import PostRevision
from team.roles import Role
from tests.clients import signed_in
from tests.factories import PostFactory, UserFactory
from tests.queries import queries_to_get

from .conftest import HOME_URL, QUEUE_URL, update_url

pytestmark = pytest.mark.django_db


def in_review(count: int, **fields) -> list[Post]:
    return PostFactory.create_batch(count, status=Post.Status.REVIEW, **fields)


class TestOnTheHome:
    def test_editors_see_the_count_and_the_longest_waiting(self, editor_client):
        posts = in_review(SHOWN_ON_HOME + 2)

        html = editor_client.get(HOME_URL).text

        assert f"Waiting for review ({SHOWN_ON_HOME + 2})" in html
        for post in posts[:SHOWN_ON_HOME]:
            assert f'<a href="{update_url(post)}">{post.title}</a>' in html
        assert posts[-1].title not in html.split("Recent posts")[0]
        assert f'<a href="{QUEUE_URL}">The whole queue →</a>' in html

    def test_an_empty_queue_says_so(self, editor_client):
        PostFactory(status=Post.Status.DRAFT)

        html = editor_client.get(HOME_URL).text

        assert "Waiting for review (0)" in html
        assert "Nothing is waiting for review." in html

    def test_each_submission_names_its_author(self, editor_client, contributor):
        contributor.display_name = "Connie Chamberlain"
        contributor.save()
        in_review(1, author=contributor)

        assert '<td data-label="Author">Connie Chamberlain</td>' in editor_client.get(HOME_URL).text

    @pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.AUTHOR])
    def test_others_neither_see_it_nor_pay_a_query_for_it(self, role):
        user = UserFactory(role=role)
        in_review(1, author=user)

        with CaptureQueriesContext(connection) as context:
            html = signed_in(user).get(HOME_URL).text

        assert "Waiting for review" not in html
        assert QUEUE_URL not in html
        # Their own submissions are among their drafts on the home; nobody else's is looked at.
        everyones = [
            query["sql"]
            for query in context.captured_queries
            if "'review'" in query["sql"] and f'"author_id" = {user.pk}' not in query["sql"]
        ]
        assert not everyones

    @pytest.mark.parametrize("who", ["editor", "administrator", "superuser"])
    def test_its_queries_do_not_grow_with_the_queue(self, request, who):
        client = signed_in(request.getfixturevalue(who))
        empty = queries_to_get(client, HOME_URL)
        in_review(5)
        with_5 = queries_to_get(client, HOME_URL)
        in_review(195)

        assert with_5 == empty
        assert queries_to_get(client, HOME_URL) == with_5


class TestTheQueuePage:
    @pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.AUTHOR])
    def test_others_are_refused(self, role):
        in_review(1)

        response = signed_in(UserFactory(role=role)).get(QUEUE_URL)

        assert response.status_code == 403

    def test_an_anonymous_visitor_is_sent_to_sign_in(self):
        response = Client().get(QUEUE_URL)

        assert response.status_code == 302
        assert response["Location"] == f"/cadmin/login/?next={QUEUE_URL}"

    def test_it_lists_the_longest_waiting_first_by_their_last_submission(
        self, editor_client, editor
    ):
        first, second = in_review(2)
        now = timezone.now()
        for post, minutes_ago in ((first, 5), (second, 60)):
            PostRevision.objects.create(
                post=post,
                version=1,
                kind=PostRevision.Kind.SUBMITTED,
                editor=post.author,
                title=post.title,
                status=post.status,
                created=now - timedelta(minutes=minutes_ago),
            )

        html = editor_client.get(QUEUE_URL).text

        assert html.index(second.title) < html.index(first.title)

    def test_it_is_paginated(self, editor_client):
        in_review(POSTS_PER_PAGE + 1)

        first_page = editor_client.get(QUEUE_URL)
        second_page = editor_client.get(QUEUE_URL, {"page": 2})

        assert f"Waiting for review ({POSTS_PER_PAGE + 1})" in first_page.text
        assert len(first_page.context["posts"]) == POSTS_PER_PAGE
        assert len(second_page.context["posts"]) == 1
        assert "Page 2 of 2" in second_page.text

    def test_its_queries_do_not_grow_with_the_queue(self, editor_client):
        in_review(5)
        with_5 = queries_to_get(editor_client, QUEUE_URL)
        in_review(195)

        assert queries_to_get(editor_client, QUEUE_URL) == with_5

    def test_only_posts_in_review_are_listed(self, editor_client):
        waiting = in_review(1)[0]
        draft = PostFactory(status=Post.Status.DRAFT)
        published = PostFactory(status=Post.Status.PUBLISHED)

        html = editor_client.get(QUEUE_URL).text

        assert waiting.title in html
        assert draft.title not in html
        assert published.title not in html
