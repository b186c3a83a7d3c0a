"""Author pages: /author/<username>/ lists an author's published posts under their byline."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from blog.models import Post
from tests.factories import PostFactory, UserFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", display_name="Alice Author", bio="Writes about sign-in.")


def test_the_page_shows_the_byline_the_bio_and_only_the_authors_published_posts(client, alice):
    PostFactory(author=alice, title="Live post")
    PostFactory(author=alice, title="Still a draft", status=Post.Status.DRAFT)
    PostFactory(author=alice, title="In review", status=Post.Status.REVIEW)
    PostFactory(
        author=alice, title="Comes tomorrow", published_at=timezone.now() + timedelta(days=1)
    )
    PostFactory(title="Someone else's post")

    page = client.get("/author/alice/")

    assert page.status_code == 200
    assert "<h1>Alice Author</h1>" in page.text
    assert "Writes about sign-in." in page.text
    assert "Live post" in page.text
    for hidden in ("Still a draft", "In review", "Comes tomorrow", "Someone else&#x27;s post"):
        assert hidden not in page.text


def test_bylines_link_to_the_author_page(client, alice):
    post = PostFactory(author=alice)

    for url in ("/", post.get_absolute_url()):
        assert '<a href="/author/alice/">Alice Author</a>' in client.get(url).text


def test_without_a_display_name_the_username_is_the_heading(client):
    PostFactory(author=UserFactory(username="bob"))

    assert "<h1>bob</h1>" in client.get("/author/bob/").text


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.REVIEW])
def test_someone_with_nothing_published_has_no_page(client, status):
    PostFactory(author=UserFactory(username="connie"), status=status)
    UserFactory(username="quiet")

    assert client.get("/author/connie/").status_code == 404
    assert client.get("/author/quiet/").status_code == 404
    assert client.get("/author/nobody/").status_code == 404


def test_a_deactivated_authors_posts_keep_their_page(client, alice):
    PostFactory(author=alice, title="Written before leaving")
    alice.is_active = False
    alice.save()

    assert "Written before leaving" in client.get("/author/alice/").text


def test_the_page_costs_the_same_queries_for_5_and_200_posts(alice):
    PostFactory.create_batch(5, author=alice)
    # The first request renders; a second would come from the page cache.
    with_5 = queries_to_get(Client(), "/author/alice/", warm=False)
    PostFactory.create_batch(195, author=alice)

    assert queries_to_get(Client(), "/author/alice/", warm=False) == with_5
    assert with_5 <= 5  # the author, the page's posts and their tags, the count


def test_anonymous_readers_get_it_from_the_page_cache_until_the_byline_changes(alice):
    PostFactory(author=alice)
    assert "Alice Author" in Client().get("/author/alice/").text
    assert queries_to_get(Client(), "/author/alice/", warm=False) == 0

    alice.display_name = "Alice A. Author"
    alice.save()

    assert "<h1>Alice A. Author</h1>" in Client().get("/author/alice/").text
