"""Every reader page's <head>: description, canonical address, link-preview tags; and a
post's reading time."""

import re

import pytest

from blog.meta import TAGLINE
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def meta(html: str, attribute: str, name: str) -> str:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert found, f"no {name}"
    return found[1]


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]*)">', html)[1]


@pytest.fixture
def post(db):
    words = " ".join(f"word{n}" for n in range(700))
    return PostFactory(
        title="Signing in, explained",
        body=f"First words of the post. {words}",
        author=UserFactory(username="alice", display_name="Alice Author"),
        category=CategoryFactory(name="Security"),
        tags=[TagFactory(name="passkeys")],
    )


def test_a_post_describes_itself_by_its_first_words(client, post):
    html = client.get(post.get_absolute_url()).text

    description = meta(html, "name", "description")
    assert description.startswith("First words of the post. word0 word1")
    assert description.endswith("…") and len(description.split()) == 30
    assert meta(html, "property", "og:description") == description
    assert meta(html, "name", "twitter:description") == description
    assert meta(html, "property", "og:title") == "Signing in, explained"
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "name", "twitter:card") == "summary"
    assert meta(html, "property", "article:author") == "Alice Author"
    assert meta(html, "property", "article:tag") == "passkeys"


def test_the_canonical_address_drops_a_wrong_slug_and_stray_parameters(client, post):
    html = client.get(f"{post.get_absolute_url()}?utm_source=x").text

    assert canonical(html) == f"http://testserver{post.get_absolute_url()}"
    assert meta(html, "property", "og:url") == canonical(html)


def test_lists_use_the_tagline_and_keep_their_page_number(client, post):
    PostFactory.create_batch(12)

    first, second = client.get("/").text, client.get("/?page=2&x=1").text

    assert meta(first, "name", "description") == TAGLINE
    assert canonical(first) == "http://testserver/"
    assert canonical(second) == "http://testserver/?page=2"
    category = client.get("/category/security/").text
    assert meta(category, "property", "og:title") == "Category: Security · The Great Django Blog"


def test_a_post_shows_its_reading_time(client, post):
    html = client.get(post.get_absolute_url()).text

    assert '<span class="reading-time">3 min read</span>' in html  # 705 words


def test_the_dashboard_is_not_for_link_previews(author_client):
    html = author_client.get("/cadmin/").text

    assert '<meta name="robots" content="noindex">' in html
    assert "og:title" not in html
