"""Search at /search/?q=: published posts only, ranked, highlighted, paginated, any input a
page. Runs on whichever database is configured (SQLite FTS5, or PostgreSQL full-text)."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from blog.models import Post
from blog.search import _postgres, fts5_match, headlines, marked_headline, search
from tests.clients import signed_in
from tests.factories import PostFactory, TagFactory, UserFactory
from tests.queries import queries_to_get

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

SEARCH_PAGE_CEILING = 5


def found(query: str) -> list[str]:
    return [post.title for post in search(query)]


def test_a_title_match_ranks_above_a_body_only_match():
    PostFactory(title="Notes on gardening", body="Nothing about the subject here, only tomatoes.")
    PostFactory(title="Pelicans of the coast", body="Where to watch them.")
    PostFactory(title="Birds", body="Our trip: we saw a pelican, and more.")

    titles = found("pelican")

    assert titles == ["Pelicans of the coast", "Birds"]


def test_every_word_must_match():
    PostFactory(title="Red apples", body="Crisp.")
    PostFactory(title="Green apples", body="Sour.")

    assert found("green apple") == ["Green apples"]


def test_matched_words_are_highlighted_in_the_excerpt(client):
    PostFactory(title="A walk", body="We walked along the quiet harbour at dawn.")

    response = client.get("/search/", {"q": "harbour"})

    assert response.status_code == 200
    assert b"<mark>harbour</mark>" in response.content
    assert b"No posts match" not in response.content


def test_a_post_body_never_comes_out_as_raw_html(client):
    PostFactory(
        title="Escaping", body='Beware <script>alert("x")</script> and <b onclick="y">harbour</b>.'
    )

    response = client.get("/search/", {"q": "harbour beware"})

    content = response.content.decode()
    assert "Escaping" in content
    assert "<script>alert" not in content
    assert "<b onclick" not in content
    assert "<mark>" in content


def test_search_reads_the_post_as_readers_read_it_not_its_markdown(client):
    PostFactory(
        title="Sources",
        body="See [the notes](https://example.org/zebrafish) on the **harbour** at dawn.",
    )

    response = client.get("/search/", {"q": "harbour"})

    content = response.content.decode()
    assert "<mark>harbour</mark> at dawn" in content
    assert "**" not in content
    assert "example.org" not in content
    assert found("zebrafish") == []  # only in a link's address, which readers never read


def test_only_the_page_of_results_gets_an_excerpt():
    PostFactory(title="First", body="The harbour at dawn.")
    second = PostFactory(title="Second", body="The harbour at dusk.")

    excerpts = headlines("harbour", [second])

    assert list(excerpts) == [second.pk]
    assert "<mark>harbour</mark> at dusk" in excerpts[second.pk]


# SQLite's plans: blog/tests/test_search_plan.py.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_the_search_reads_the_full_text_index_not_every_post():
    PostFactory.create_batch(3, body="The harbour at dawn.")

    # On a table this small the planner prefers the published-posts index; asked for the
    # matches alone, it shows that the GIN index finds them.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "post_search_vector_idx" in _postgres(Post.all_objects.all(), "harbour").explain()


def test_the_headline_marks_only_what_the_database_marked():
    assert marked_headline("<i>\x02a&b\x03</i> \x02stray") == (
        "&lt;i&gt;<mark>a&amp;b</mark>&lt;/i&gt; stray"
    )


@pytest.mark.parametrize("kind", ["draft", "review", "scheduled", "trashed"])
def test_a_post_readers_cannot_see_is_never_found(client, kind):
    hidden = PostFactory(title="Secret zeppelin plans", body="zeppelin")
    if kind == "draft":
        hidden.status = Post.Status.DRAFT
    elif kind == "review":
        hidden.status = Post.Status.REVIEW
    elif kind == "scheduled":
        hidden.published_at = timezone.now() + timedelta(days=1)
    else:
        hidden.deleted_at = timezone.now()
    hidden.save()

    assert found("zeppelin") == []
    response = client.get("/search/", {"q": "zeppelin"})
    assert response.status_code == 200
    assert "Secret zeppelin" not in response.content.decode()
    assert "No posts match" in response.content.decode()


def test_an_edited_post_is_found_by_its_new_words_only():
    post = PostFactory(title="Before", body="old words")
    post.body = "brand new words"
    post.save()
    Post.objects.filter(pk=post.pk).update(title="Renamed quickly")  # no signals, no save()

    assert found("brand") == ["Renamed quickly"]
    assert found("old") == []
    assert found("renamed") == ["Renamed quickly"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index of readers' posts")
def test_the_index_holds_only_the_posts_readers_may_find():
    post = PostFactory(title="Harbour lights", body="lighthouse")
    draft = PostFactory(title="Unfinished", body="lighthouse", status=Post.Status.DRAFT)

    def indexed():
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM blog_post_fts ORDER BY rowid")
            return [pk for (pk,) in cursor.fetchall()]

    assert indexed() == [post.pk]

    post.status = Post.Status.DRAFT
    post.save()
    Post.objects.filter(pk=draft.pk).update(status=Post.Status.PUBLISHED)  # no save(), no signal
    assert indexed() == [draft.pk]

    Post.objects.filter(pk=draft.pk).update(deleted_at=timezone.now())
    assert indexed() == []


def test_a_scheduled_post_is_found_once_its_time_has_come():
    due = timezone.now() + timedelta(seconds=1)
    PostFactory(title="Coming soon", body="zeppelin", published_at=due)
    assert found("zeppelin") == []

    # Nothing is written when the time comes: the index keeps each post's publication time.
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.05)

    assert found("zeppelin") == ["Coming soon"]


def test_a_deleted_post_leaves_the_index():
    PostFactory(title="Gone", body="ephemeral").delete()
    PostFactory(title="Kept", body="ephemeral")

    assert found("ephemeral") == ["Kept"]


BAD_QUERIES = [
    "",
    " ",
    '"',
    '"""',
    "AND OR NOT",
    "a*b(c)",
    "x" * 1000,
    "\x00",
    "harbour\x00",
    'title:harbour NEAR("a" "b") ^c -d + {e} [f] \'g',
    "-",
    "or",
    "the",
    "ünïcödé 日本語",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_any_query_gets_a_page(client, query):
    PostFactory(title="Harbour", body="The harbour at dawn.")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert b'name="q"' in response.content


def test_no_query_shows_a_hint_and_searches_nothing(client):
    PostFactory(title="Harbour")

    response = client.get("/search/")

    assert response.status_code == 200
    assert b"Type one or more words" in response.content
    assert b"No posts match" not in response.content


def test_operators_are_searched_as_words():
    PostFactory(title="Cats and dogs", body="Friends.")

    assert fts5_match('title:"cats" AND (dogs*)') == '"title" "cats" "and" "dogs"'
    assert found("cats AND dogs") == ["Cats and dogs"]
    assert found('"cats') == ["Cats and dogs"]


def test_a_long_query_is_cut_with_a_message(client):
    response = client.get("/search/", {"q": "harbour " * 200})

    assert response.status_code == 200
    assert b"only its beginning was used" in response.content


def test_results_are_paginated_and_keep_the_query(client):
    for number in range(12):
        PostFactory(title=f"Lighthouse {number}", body="keeper")

    first = client.get("/search/", {"q": "lighthouse"}).content.decode()
    second = client.get("/search/", {"q": "lighthouse", "page": 2}).content.decode()

    assert first.count('class="post-summary search-result"') == 10
    assert second.count('class="post-summary search-result"') == 2
    assert "?q=lighthouse&amp;page=2" in first
    assert "Page 2 of 2" in second


def test_signed_in_and_anonymous_readers_get_the_same_results(client):
    PostFactory(title="Harbour lights", body="The harbour at night.")
    PostFactory(title="Hidden harbour", body="harbour", status=Post.Status.DRAFT)
    reader = signed_in(UserFactory(username="reader", role=""))

    for visitor in (client, reader):
        response = visitor.get("/search/", {"q": "harbour"})
        content = response.content.decode()
        assert response.status_code == 200
        assert "Harbour lights" in content
        assert "<mark>harbour</mark>" in content
        assert "Hidden harbour" not in content


def test_the_search_page_costs_the_same_queries_for_5_and_200_matches(
    client, django_assert_num_queries
):
    tag = TagFactory(name="sea")

    def make(count):
        for _ in range(count):
            PostFactory(body="The harbour at dawn.", tags=[tag, TagFactory()])

    make(5)
    queries_with_5 = queries_to_get(client, "/search/", warm=False, q="harbour")
    make(195)
    with django_assert_num_queries(queries_with_5):
        response = client.get("/search/", {"q": "harbour"})

    assert response.status_code == 200
    assert queries_with_5 <= SEARCH_PAGE_CEILING


def test_the_database_in_use_has_its_index():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            assert "blog_post_fts" in tables
        else:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, "blog_post")
            ]
            assert "search_vector" in columns
