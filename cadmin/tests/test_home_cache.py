"""The dashboard home keeps its recent-posts table in the cache: it must never be stale and
never be anyone else's. Each test fills the cache with a first visit before the change."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from tests.clients import signed_in
from tests.factories import CategoryFactory, PostFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

HOME_URL = "/cadmin/"


def home(client: Client) -> str:
    response = client.get(HOME_URL)
    assert response.status_code == 200
    return response.text


def test_a_second_visit_draws_the_table_without_reading_the_posts(author_client, author):
    PostFactory(author=author, title="Alice on green tea")
    home(author_client)

    with CaptureQueriesContext(connection) as context:
        html = home(author_client)

    assert "Alice on green tea" in html
    assert not [query for query in context.captured_queries if "blog_post" in query["sql"]]


def test_an_edit_in_the_dashboard_shows_on_the_home_at_once(author_client, author):
    post = PostFactory(author=author, title="Alice on green tea")
    home(author_client)

    response = author_client.post(
        f"/cadmin/post/update/{post.pk}/",
        {"title": "Alice on white tea", "body": post.body, "status": "draft", "version": 1},
    )
    assert response.status_code == 302

    html = home(author_client)
    assert "Alice on white tea" in html
    assert "Alice on green tea" not in html
    assert "Draft" in html


def test_a_new_post_shows_on_the_home_at_once(author_client, author):
    PostFactory(author=author, title="Alice on green tea")
    home(author_client)

    PostFactory(author=author, title="Alice on oolong", status=Post.Status.DRAFT)

    assert "Alice on oolong" in home(author_client)


def test_a_post_moved_to_the_trash_leaves_the_home_at_once(author_client, author):
    post = PostFactory(author=author, title="Alice on green tea")
    home(author_client)

    response = author_client.post(f"/cadmin/post/delete/{post.pk}/", {"version": 1})
    assert response.status_code == 302

    html = home(author_client)
    assert f'href="{post.get_absolute_url()}"' not in html
    assert "No posts yet." in html


def test_a_renamed_category_shows_on_the_home_at_once(author_client, author):
    category = CategoryFactory(name="Drinks")
    PostFactory(author=author, category=category)
    home(author_client)

    category.name = "Hot drinks"
    category.save()

    assert "Hot drinks" in home(author_client)


def test_each_author_sees_their_own_table_even_when_the_other_is_cached(
    author, other_author, superuser
):
    PostFactory(author=author, title="Alice on green tea")
    PostFactory(author=other_author, title="Bob on black coffee")
    alice, bob, admin = signed_in(author), signed_in(other_author), signed_in(superuser)

    for _ in range(2):  # the second round is served from the cache
        alice_html, bob_html, admin_html = home(alice), home(bob), home(admin)

        assert "Alice on green tea" in alice_html
        assert "Bob on black coffee" not in alice_html
        assert "Bob on black coffee" in bob_html
        assert "Alice on green tea" not in bob_html
        assert "Alice on green tea" in admin_html
        assert "Bob on black coffee" in admin_html
        assert '<th scope="col">Author</th>' in admin_html
        assert '<th scope="col">Author</th>' not in alice_html


def test_an_author_made_superuser_sees_every_post_at_once(author, other_author):
    PostFactory(author=other_author, title="Bob on black coffee")
    alice = signed_in(author)
    assert "Bob on black coffee" not in home(alice)

    author.is_superuser = True
    author.save()

    assert "Bob on black coffee" in home(alice)
