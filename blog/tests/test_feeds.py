"""RSS 2.0 and Atom 1.0 feeds of the whole blog and of each category, tag and author."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from blog.models import Post
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def parsed(client, url: str, content_type: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(content_type)
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def rss_items(client, url: str = "/feed/") -> list[ElementTree.Element]:
    root = parsed(client, url, "application/rss+xml")
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    return channel.findall("item")


def atom_entries(client, url: str = "/feed/atom/") -> list[ElementTree.Element]:
    root = parsed(client, url, "application/atom+xml")
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated"):
        assert root.findtext(required, namespaces=ATOM), required
    return root.findall("a:entry", ATOM)


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", display_name="Alice Author")


@pytest.fixture
def post(alice):
    return PostFactory(
        author=alice,
        title="Passkeys explained",
        body="Some **bold** words <script>alert(1)</script>",
        category=CategoryFactory(name="Security"),
        tags=[TagFactory(name="passkeys"), TagFactory(name="webauthn")],
    )


def test_an_rss_item_has_title_body_byline_category_tags_and_date(client, post):
    (item,) = rss_items(client)

    assert item.findtext("title") == "Passkeys explained"
    assert item.findtext("link") == f"http://testserver{post.get_absolute_url()}"
    assert "<strong>bold</strong>" in item.findtext("description")
    assert "<script" not in item.findtext("description")  # sanitised, as on the page
    assert item.findtext(DC_CREATOR) == "Alice Author"
    assert [c.text for c in item.findall("category")] == ["Security", "passkeys", "webauthn"]
    assert item.findtext("pubDate") and item.findtext("guid")


def test_an_atom_entry_has_the_same(client, post):
    (entry,) = atom_entries(client)

    assert entry.findtext("a:title", namespaces=ATOM) == "Passkeys explained"
    assert entry.find("a:link", ATOM).get("href").endswith(post.get_absolute_url())
    assert entry.findtext("a:author/a:name", namespaces=ATOM) == "Alice Author"
    assert "<strong>bold</strong>" in entry.findtext("a:summary", namespaces=ATOM)
    terms = [c.get("term") for c in entry.findall("a:category", ATOM)]
    assert terms == ["Security", "passkeys", "webauthn"]
    for required in ("a:id", "a:updated", "a:published"):
        assert entry.findtext(required, namespaces=ATOM), required


def test_the_20_newest_published_posts_newest_first_never_drafts_scheduled_or_trashed(client):
    now = timezone.now()
    for days in range(25):
        PostFactory(title=f"Day {days}", published_at=now - timedelta(days=days))
    PostFactory(title="A draft", status=Post.Status.DRAFT)
    PostFactory(title="In review", status=Post.Status.REVIEW)
    PostFactory(title="Tomorrow", published_at=now + timedelta(days=1))
    PostFactory(title="In the bin", published_at=now, deleted_at=now)

    rss = [item.findtext("title") for item in rss_items(client)]
    atom = [e.findtext("a:title", namespaces=ATOM) for e in atom_entries(client)]

    assert rss == atom == [f"Day {days}" for days in range(20)]


def test_category_tag_and_author_feeds_hold_only_their_posts(client, post, alice):
    PostFactory(title="Elsewhere")
    category, tag = post.category.slug, post.tags.first().slug

    for url in (
        f"/category/{category}/feed/",
        f"/tag/{tag}/feed/",
        "/author/alice/feed/",
    ):
        assert [item.findtext("title") for item in rss_items(client, url)] == [post.title], url
        atom = atom_entries(client, f"{url}atom/")
        assert [e.findtext("a:title", namespaces=ATOM) for e in atom] == [post.title], url


def test_unknown_lists_and_authors_without_a_published_post_have_no_feed(client):
    PostFactory(author=UserFactory(username="connie"), status=Post.Status.DRAFT)

    for url in ("/category/nope/feed/", "/tag/nope/feed/atom/", "/author/connie/feed/"):
        assert client.get(url).status_code == 404, url


def test_every_page_links_the_blogs_feeds_and_a_list_its_own(client, post):
    for url in ("/", post.get_absolute_url(), "/login/", "/cadmin/login/"):
        html = client.get(url).text
        assert '<link rel="alternate" type="application/rss+xml"' in html, url
        assert 'href="/feed/atom/"' in html, url

    category_page = client.get(post.category.get_absolute_url()).text
    assert f'href="/category/{post.category.slug}/feed/"' in category_page
    assert 'href="/author/alice/feed/atom/"' in client.get("/author/alice/").text


def test_a_feed_costs_the_same_queries_for_5_and_200_posts():
    category, tag = CategoryFactory(slug="security"), TagFactory(slug="passkeys")
    PostFactory.create_batch(5, category=category, tags=[tag, TagFactory()])
    feeds = ("/feed/", "/feed/atom/", "/category/security/feed/", "/tag/passkeys/feed/atom/")
    with_5 = {url: queries_to_get(Client(), url, warm=False) for url in feeds}
    PostFactory.create_batch(195, category=category, tags=[tag])

    assert {url: queries_to_get(Client(), url, warm=False) for url in feeds} == with_5
    # The posts with their authors and categories, then their tags; a category's or a tag's
    # feed reads that one first.
    assert with_5 == {"/feed/": 2, "/feed/atom/": 2} | dict.fromkeys(feeds[2:], 3)


def test_feeds_come_from_the_page_cache_until_a_post_changes(post):
    Client().get("/feed/")
    assert queries_to_get(Client(), "/feed/", warm=False) == 0

    post.title = "Passkeys, explained again"
    post.save()

    assert rss_items(Client())[0].findtext("title") == "Passkeys, explained again"
