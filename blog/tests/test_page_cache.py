"""Anonymous reader pages come from a cache that is never stale and never personal."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from tests.factories import CategoryFactory, PostFactory, TagFactory
from tests.queries import queries_to_get

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]


@pytest.fixture
def post():
    return PostFactory(title="First edition", tags=[TagFactory(name="python")])


def reader_pages(post) -> list[str]:
    return ["/", post.get_absolute_url(), f"/category/{post.category.slug}/", "/tag/python/"]


def test_a_second_anonymous_visit_is_served_without_any_query(client, post):
    for url in reader_pages(post):
        client.get(url)
        assert queries_to_get(client, url) == 0, url


def test_an_edited_title_shows_at_once_on_every_cached_page(client, post):
    for url in reader_pages(post):
        assert "First edition" in client.get(url).text

    post.title = "Second edition"
    post.save()

    for url in reader_pages(post):
        page = client.get(url).text
        assert "Second edition" in page, url
        assert "First edition" not in page, url


def test_a_new_post_shows_at_once_and_a_deleted_one_disappears(client, post):
    client.get("/")
    newer = PostFactory(title="Fresh from the press")
    assert "Fresh from the press" in client.get("/").text

    newer.delete()
    assert "Fresh from the press" not in client.get("/").text


def test_a_post_put_back_to_draft_leaves_every_page_at_once(client, post):
    url = post.get_absolute_url()
    assert client.get(url).status_code == 200
    client.get("/")

    post.status = Post.Status.DRAFT
    post.save()

    assert client.get(url).status_code == 404
    assert "First edition" not in client.get("/").text


def test_a_draft_is_never_on_a_cached_page(client, author, post):
    PostFactory(title="Secret draft", author=author, status=Post.Status.DRAFT)
    signed_in = Client()
    signed_in.force_login(author)
    assert (
        "Secret draft"
        in signed_in.get(Post.objects.get(title="Secret draft").get_absolute_url()).text
    )

    for _ in range(2):  # the cached copy as well as the first render
        assert "Secret draft" not in client.get("/").text


def test_a_signed_in_reader_gets_their_own_page_never_the_cached_one(client, author, post):
    client.get("/")  # an anonymous copy is now cached
    signed_in = Client()
    signed_in.force_login(author)

    page = signed_in.get("/").text

    assert "Sign out" in page
    assert author.username in page
    assert "Sign out" not in client.get("/").text  # and the anonymous copy stays anonymous


def test_a_page_rendered_for_a_signed_in_reader_is_never_given_to_anyone_else(client, author, post):
    signed_in = Client()
    signed_in.force_login(author)
    signed_in.get("/")
    signed_in.get(post.get_absolute_url())

    for url in ("/", post.get_absolute_url()):
        page = client.get(url).text
        assert author.username not in page.split("<main")[0], url  # not in the header
        assert "Sign out" not in page, url


def test_reader_pages_vary_on_cookie_for_shared_caches(client, post):
    for url in reader_pages(post):
        client.get(url)
        assert "Cookie" in client.get(url).headers["Vary"], url


def test_a_page_that_is_not_found_is_not_cached(client, post):
    assert client.get("/tag/not-yet/").status_code == 404
    TagFactory(name="not-yet")
    assert client.get("/tag/not-yet/").status_code == 200


# --- The number of pages: counted once per content token ------------------------------------


def pages_line(client, url: str) -> str:
    html = client.get(url).text
    start = html.index("Page 1 of ")
    return html[start : html.index("</span>", start)]


def test_a_signed_in_reader_gets_a_page_count_without_counting_again(author_client):
    PostFactory.create_batch(11)
    author_client.get("/")

    with CaptureQueriesContext(connection) as context:
        assert author_client.get("/").status_code == 200

    assert not [query for query in context.captured_queries if "COUNT(" in query["sql"]]


def test_the_page_count_follows_a_new_and_a_deleted_post_at_once(author_client):
    posts = PostFactory.create_batch(20)
    assert pages_line(author_client, "/") == "Page 1 of 2"

    newest = PostFactory()
    assert pages_line(author_client, "/") == "Page 1 of 3"

    newest.delete()
    posts[0].status = Post.Status.DRAFT
    posts[0].save()
    assert pages_line(author_client, "/") == "Page 1 of 2"
    assert author_client.get("/?page=2").text.count('class="post-summary"') == 9


def test_each_list_has_its_own_page_count(author_client):
    big, small = CategoryFactory(), CategoryFactory()
    PostFactory.create_batch(21, category=big)
    PostFactory(category=small)

    assert pages_line(author_client, f"/category/{big.slug}/") == "Page 1 of 3"
    assert "Page 1 of" not in author_client.get(f"/category/{small.slug}/").text
    assert pages_line(author_client, f"/category/{big.slug}/") == "Page 1 of 3"
