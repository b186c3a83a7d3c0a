"""sitemap.xml and robots.txt: what crawlers are told to read, and where the sitemap is."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from blog.models import Post
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def entries(client) -> dict[str, str]:
    """Each <url>'s <loc> with its <lastmod>, from the parsed XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    return {
        url.find("s:loc", NS).text: url.find("s:lastmod", NS).text
        for url in root.findall("s:url", NS)
    }


def test_it_lists_published_posts_and_the_categories_tags_and_authors_that_have_one(client):
    alice = UserFactory(username="alice")
    news, python = CategoryFactory(name="News"), TagFactory(name="python")
    live = PostFactory(author=alice, category=news, tags=[python], title="Live")
    draft_only = CategoryFactory(name="Drafts only")
    PostFactory(
        author=UserFactory(username="connie"),
        category=draft_only,
        tags=[TagFactory(name="secret")],
        status=Post.Status.DRAFT,
    )
    PostFactory(title="Tomorrow", published_at=timezone.now() + timedelta(days=1))

    found = entries(client)

    expected = {
        f"http://testserver{live.get_absolute_url()}",
        "http://testserver/category/news/",
        "http://testserver/tag/python/",
        "http://testserver/author/alice/",
    }
    assert expected <= set(found)
    assert not [loc for loc in found if "drafts-only" in loc or "secret" in loc or "connie" in loc]
    assert not [loc for loc in found if "tomorrow" in loc]
    assert found[f"http://testserver{live.get_absolute_url()}"] == live.updated.strftime("%Y-%m-%d")


def test_it_costs_the_same_queries_for_5_and_200_posts():
    PostFactory.create_batch(5)
    with_5 = queries_to_get(Client(), "/sitemap.xml", warm=False)
    PostFactory.create_batch(195)

    assert queries_to_get(Client(), "/sitemap.xml", warm=False) == with_5


def test_anonymous_crawlers_get_it_from_the_page_cache_until_something_changes():
    PostFactory(title="First")
    Client().get("/sitemap.xml")
    assert queries_to_get(Client(), "/sitemap.xml", warm=False) == 0

    second = PostFactory(title="Second")

    assert f"http://testserver{second.get_absolute_url()}" in entries(Client())


def test_each_host_gets_its_own_addresses(settings):
    settings.ALLOWED_HOSTS = ["testserver", "blog.example.com"]
    PostFactory()
    Client().get("/sitemap.xml")

    other = Client(HTTP_HOST="blog.example.com").get("/sitemap.xml").text

    assert "http://blog.example.com/" in other and "testserver" not in other


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_dashboard(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"User-agent: *", "Disallow: /cadmin/", "Disallow: /admin/"} <= set(lines)
    assert "Disallow: /" not in lines  # the blog itself is for reading


def test_robots_txt_is_only_read(client):
    assert client.post("/robots.txt").status_code == 405
