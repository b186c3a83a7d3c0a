"""Reader pages cost a fixed number of SQL queries, however many posts the blog holds."""

import pytest

from tests.factories import CategoryFactory, PostFactory, TagFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db

LIST_PAGE_CEILING = 4
DETAIL_PAGE_CEILING = 3

URLS = {
    "post list": lambda first: "/",
    "category page": lambda first: "/category/news/",
    "tag page": lambda first: "/tag/python/",
    "post detail": lambda first: first.get_absolute_url(),
}
CEILINGS = {
    "post list": LIST_PAGE_CEILING,
    "category page": LIST_PAGE_CEILING,
    "tag page": LIST_PAGE_CEILING,
    "post detail": DETAIL_PAGE_CEILING,
}


@pytest.fixture
def make_posts():
    category, shared_tag = CategoryFactory(name="News"), TagFactory(name="python")

    def make(count: int) -> list:
        # Every post has its own author and a tag of its own, so a missing
        # select_related/prefetch_related shows up as one more query per post.
        return [
            PostFactory(category=category, tags=[shared_tag, TagFactory()]) for _ in range(count)
        ]

    return make


@pytest.mark.parametrize("page", URLS.keys())
def test_anonymous_page_costs_the_same_queries_for_5_and_200_posts(
    client, make_posts, django_assert_num_queries, page
):
    first = make_posts(5)[0]
    url = URLS[page](first)
    # The first request renders the page; a second would come from the page cache.
    queries_with_5 = queries_to_get(client, url, warm=False)

    make_posts(195)
    with django_assert_num_queries(queries_with_5):
        response = client.get(url)

    assert response.status_code == 200
    assert queries_with_5 <= CEILINGS[page]


def test_every_post_on_a_page_shows_its_category_and_tags(client, make_posts):
    # The fixed query count is only worth having if the page still shows everything.
    posts = make_posts(3)

    html = client.get("/").text

    assert html.count('href="/category/news/"') == 3
    assert html.count('href="/tag/python/"') == 3
    for post in posts:
        own_tag = post.tags.exclude(name="python").get()
        assert f'href="/tag/{own_tag.slug}/"' in html
