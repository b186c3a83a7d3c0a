"""Full-text search of published posts, on PostgreSQL or SQLite, behind two functions.

`search(query)` gives the published posts matching every word of `query`, best match first (a
match in the title counts more than one in the body). `headlines(query, posts)` gives, for the
posts of one page, a short excerpt of each one's text as safe HTML in which only the matched
words are marked up with <mark>: drawn for the page's posts alone, never for every match.

Both search the body as readers read it (`Post.body_text`), kept in the index by triggers
(migrations 0006 and 0007). PostgreSQL uses `websearch_to_tsquery`, which accepts any text
(quotes, -, or); SQLite uses FTS5 with a MATCH expression built here from the query's words
only, each quoted, so no input can be an FTS5 syntax error.
"""

import re
from collections.abc import Iterable

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Post, PostSearchRow, is_live_now

# Longer queries are cut: nobody types more, and every word costs the database work.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 16
SEARCH_CONFIG = "english"
HEADLINE_WORDS = 30
# bm25's weight of a match in each of the index's columns: the title's counts ten times.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0

# The database marks matches with these; they become <mark> once the rest is escaped.
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)
_WORD = re.compile(r"\w+")


def clean_query(query: str) -> str:
    """The query as searched: no NUL or control characters, spaces collapsed, cut short."""
    query = "".join(ch if ch.isprintable() else " " for ch in query or "")
    return " ".join(query.split())[:MAX_QUERY_LENGTH].strip()


def search(query: str) -> QuerySet:
    """Published posts matching `query`, best first, for listing. A query with nothing to
    search for gives no posts."""
    query = clean_query(query)
    if connection.vendor == "postgresql":
        posts = Post.objects.published().for_listing()
        return _postgres(posts, query) if query else posts.none()
    match = fts5_match(query)
    posts = Post.objects.filter(NotFromAnIndex(is_live_now())).for_listing()
    return _sqlite(posts, match) if match else posts.none()


def headlines(query: str, posts: Iterable[Post]) -> dict[int, SafeString]:
    """Each of `posts`' excerpt around the words `query` matched (see above), by post id."""
    ids = [post.pk for post in posts]
    query = clean_query(query)
    if connection.vendor == "postgresql":
        excerpt = _postgres_headline(query) if query else None
    else:
        match = fts5_match(query)
        excerpt = _sqlite_snippet(match) if match else None
    found = {}
    if ids and excerpt is not None:
        excerpts = Post.objects.filter(pk__in=ids).order_by().annotate(excerpt_marked=excerpt)
        found = dict(excerpts.values_list("pk", "excerpt_marked"))
    return {pk: marked_headline(found.get(pk)) for pk in ids}


def marked_headline(text: str | None) -> SafeString:
    """The database's excerpt, escaped, with its match markers turned into <mark> tags."""
    text = escape(text or "")
    text = _MARKED.sub(r"<mark>\1</mark>", text)
    return mark_safe(text.replace(_START, "").replace(_STOP, ""))  # noqa: S308 - escaped above


# --- PostgreSQL: a tsvector column kept by a trigger, with a GIN index -----------------------


def _tsquery(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _postgres(posts: QuerySet, query: str) -> QuerySet:
    tsquery = _tsquery(query)
    vector = RawSQL('"blog_post"."search_vector"', [], output_field=SearchVectorField())
    return (
        posts.alias(search_vector=vector)
        .filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-published_at", "-pk")
    )


def _postgres_headline(query: str) -> SearchHeadline:
    return SearchHeadline(
        "body_text",
        _tsquery(query),
        config=SEARCH_CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=HEADLINE_WORDS,
        min_words=HEADLINE_WORDS // 2,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


# --- SQLite: an FTS5 table joined on the post's id ----------------------------------------


class NotFromAnIndex(Func):
    """`+(condition)`: the same truth, which SQLite's planner cannot look up in an index.

    Without statistics (ANALYZE) the planner takes the index on status for a few rows, reads
    every published post through it and asks FTS5 about each one: ten seconds at 100,000
    posts. Kept out of that index, the search reads the matches from FTS5 first and looks
    each post up by its id (blog/tests/test_search_plan.py)."""

    template = "+(%(expressions)s)"
    output_field = BooleanField()


def fts5_match(query: str) -> str:
    """An FTS5 MATCH expression for all of `query`'s words: each a quoted string (no
    operators, columns, prefixes or parentheses survive), so it is never a syntax error."""
    words = _WORD.findall(query.lower())[:MAX_WORDS]
    return " ".join(f'"{word}"' for word in words)


def _sqlite(posts: QuerySet, match: str) -> QuerySet:
    # One join on the index, ranked as it is read: bm25 is lower for a better match.
    rank = Func(
        F("search_row__index"),
        Value(TITLE_WEIGHT),
        Value(BODY_WEIGHT),
        function="bm25",
        output_field=FloatField(),
    )
    return (
        posts.filter(search_row__index__match=match)
        .annotate(rank=rank)
        .order_by("rank", "-published_at", "-pk")
    )


def _sqlite_snippet(match: str) -> Subquery:
    # FTS5's snippet() is only known inside a query that matches its table: one small
    # query per post of the page, which looks the post's row up by its id.
    snippet = Func(
        F("index"),
        Value(1),  # the body column
        Value(_START),
        Value(_STOP),
        Value(" … "),
        Value(HEADLINE_WORDS),
        function="snippet",
        output_field=TextField(),
    )
    row = PostSearchRow.objects.filter(index__match=match, post=OuterRef("pk"))
    return Subquery(row.annotate(excerpt_marked=snippet).values("excerpt_marked")[:1])
