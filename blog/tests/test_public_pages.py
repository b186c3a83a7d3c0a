"""The reader's pages: the post list, one post, and posts by category and by tag."""

from datetime import UTC, datetime, timedelta

import pytest

from blog.models import Post
from tests.clients import signed_in
from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

EMPTY = "No posts here yet."
DRAFT_NOTICE = "This is a draft: readers cannot see it until it is published."
BAD_PAGES = ["999", "abc", "-1", "0", "1.5", "9" * 10_000]


def day(n: int) -> datetime:
    return datetime(2024, 1, 1, 9, 0, tzinfo=UTC) + timedelta(days=n)


def positions(html: str, titles: list[str]) -> list[int]:
    return [html.index(title) for title in titles]


class TestPostList:
    def test_shows_published_posts_and_not_drafts(self, client):
        PostFactory(title="Out in the open")
        PostFactory(title="Secret plans", status=Post.Status.DRAFT)

        response = client.get("/")

        assert response.status_code == 200
        assert "Out in the open" in response.text
        assert "Secret plans" not in response.text

    def test_drafts_are_not_listed_even_for_their_author(self, author):
        PostFactory(title="Secret plans", author=author, status=Post.Status.DRAFT)

        response = signed_in(author).get("/")

        assert "Secret plans" not in response.text
        assert EMPTY in response.text

    def test_newest_publication_first(self, client):
        # Created in an order that differs from publication order.
        PostFactory(title="Oldest post", published_at=day(0))
        PostFactory(title="Newest post", published_at=day(20))
        PostFactory(title="Middle post", published_at=day(10))

        html = client.get("/").text

        titles = ["Newest post", "Middle post", "Oldest post"]
        assert positions(html, titles) == sorted(positions(html, titles))

    def test_shows_ten_posts_a_page_and_the_next_ones_on_page_two(self, client):
        for n in range(1, 26):
            PostFactory(title=f"Entry {n:02d}", published_at=day(n))

        pages = {page: client.get(f"/?page={page}") for page in (1, 2, 3)}

        expected = {1: range(25, 15, -1), 2: range(15, 5, -1), 3: range(5, 0, -1)}
        for page, response in pages.items():
            assert response.status_code == 200
            shown = [n for n in range(1, 26) if f"Entry {n:02d}" in response.text]
            assert sorted(shown, reverse=True) == list(expected[page])
            assert f"Page {page} of 3" in response.text
        assert 'href="?page=2"' in pages[1].text
        first_page = client.get("/").text
        assert "Entry 25" in first_page
        assert "Entry 15" not in first_page

    def test_empty_list_says_so(self, client):
        response = client.get("/")

        assert response.status_code == 200
        assert EMPTY in response.text


@pytest.mark.parametrize("url", ["/", "/category/news/", "/tag/python/"])
@pytest.mark.parametrize("page", BAD_PAGES, ids=lambda page: page[:10])
def test_bad_page_number_is_not_found(client, url, page):
    category, tag = CategoryFactory(name="News"), TagFactory(name="python")
    for _ in range(3):
        PostFactory(category=category, tags=[tag])

    response = client.get(url, {"page": page})

    assert response.status_code == 404


class TestPostDetail:
    def test_shows_the_title_and_rendered_body(self, client):
        post = PostFactory(title="Hello readers", body="A *warm* welcome.")

        response = client.get(f"/{post.pk}/hello-readers/")

        assert response.status_code == 200
        assert "Hello readers" in response.text
        assert "<p>A <em>warm</em> welcome.</p>" in response.text
        assert DRAFT_NOTICE not in response.text

    @pytest.mark.parametrize("slug", ["wrong", "hello", "hello-readers-2", "HELLO-READERS"])
    def test_wrong_slug_redirects_permanently_to_the_canonical_url(self, client, slug):
        post = PostFactory(title="Hello readers")

        response = client.get(f"/{post.pk}/{slug}/")

        assert response.status_code == 301
        assert response.headers["Location"] == f"/{post.pk}/hello-readers/"

    def test_unknown_post_is_not_found(self, client):
        post = PostFactory()

        assert client.get(f"/{post.pk + 1000}/{post.slug}/").status_code == 404

    def test_draft_is_not_found_for_an_anonymous_reader(self, client):
        draft = PostFactory(title="Secret plans", status=Post.Status.DRAFT)

        assert client.get(f"/{draft.pk}/secret-plans/").status_code == 404

    def test_draft_with_a_wrong_slug_does_not_reveal_its_address(self, client):
        draft = PostFactory(title="Secret plans", status=Post.Status.DRAFT)

        response = client.get(f"/{draft.pk}/guess/")

        assert response.status_code == 404
        assert "Location" not in response.headers

    def test_draft_is_not_found_for_another_author(self, author, other_author):
        draft = PostFactory(title="Secret plans", author=author, status=Post.Status.DRAFT)

        assert signed_in(other_author).get(f"/{draft.pk}/secret-plans/").status_code == 404

    @pytest.mark.parametrize("viewer", ["author", "superuser"])
    def test_draft_is_shown_with_a_notice_to_its_author_and_a_superuser(self, request, viewer):
        draft = PostFactory(
            title="Secret plans",
            author=request.getfixturevalue("author"),
            status=Post.Status.DRAFT,
        )

        response = signed_in(request.getfixturevalue(viewer)).get(f"/{draft.pk}/secret-plans/")

        assert response.status_code == 200
        assert "Secret plans" in response.text
        assert DRAFT_NOTICE in response.text


@pytest.mark.parametrize(
    ("factory", "prefix", "heading"),
    [(CategoryFactory, "category", "Category: News"), (TagFactory, "tag", "Tag: News")],
)
class TestTaxonomyPages:
    @staticmethod
    def make_post(factory, item, **kwargs):
        if factory is CategoryFactory:
            return PostFactory(category=item, **kwargs)
        return PostFactory(tags=[item], **kwargs)

    def test_lists_only_its_own_published_posts(self, client, factory, prefix, heading):
        item, other = factory(name="News"), factory(name="Sport")
        self.make_post(factory, item, title="Inside story")
        self.make_post(factory, item, title="Unfinished story", status=Post.Status.DRAFT)
        self.make_post(factory, other, title="Match report")

        response = client.get(f"/{prefix}/news/")

        assert response.status_code == 200
        assert heading in response.text
        assert "Inside story" in response.text
        assert "Unfinished story" not in response.text
        assert "Match report" not in response.text

    def test_lists_newest_first(self, client, factory, prefix, heading):
        item = factory(name="News")
        self.make_post(factory, item, title="Older story", published_at=day(1))
        self.make_post(factory, item, title="Newer story", published_at=day(2))

        html = client.get(f"/{prefix}/news/").text

        assert html.index("Newer story") < html.index("Older story")

    def test_with_only_drafts_shows_the_empty_message(self, client, factory, prefix, heading):
        item = factory(name="News")
        self.make_post(factory, item, title="Unfinished story", status=Post.Status.DRAFT)

        response = client.get(f"/{prefix}/news/")

        assert response.status_code == 200
        assert EMPTY in response.text

    def test_unknown_slug_is_not_found(self, client, factory, prefix, heading):
        factory(name="News")

        assert client.get(f"/{prefix}/no-such-thing/").status_code == 404
