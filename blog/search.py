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
from collections.abc import Iterable, Sequence

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
    Func,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Post, is_live_now

# Longer queries are cut: nobody types more, and every word costs the database work.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 16
SEARCH_CONFIG = "english"
HEADLINE_WORDS = 30
# bm25's weight of a match in each of the index's columns: the title's counts ten times.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
SQLITE_RANKING = f"bm25({TITLE_WEIGHT}, {BODY_WEIGHT})"  # lower for a better match

# The database marks matches with these; they become <mark> once the rest is escaped.
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)
_WORD = re.compile(r"\w+")


def clean_query(query: str) -> str:
    """The query as searched: no NUL or control characters, spaces collapsed, cut short."""
    query = "".join(ch if ch.isprintable() else " " for ch in query or "")
    return " ".join(query.split())[:MAX_QUERY_LENGTH].strip()


def search(query: str) -> "QuerySet | RankedPosts":
    """Published posts matching `query`, best first, for listing: a sequence that a paginator
    counts and slices (a queryset on PostgreSQL). A query with nothing to search for gives no
    posts."""
    query = clean_query(query)
    if connection.vendor == "postgresql":
        posts = Post.objects.published().for_listing()
        return _postgres(posts, query) if query else posts.none()
    return RankedPosts(fts5_match(query))


def headlines(query: str, posts: Iterable[Post]) -> dict[int, SafeString]:
    """Each of `posts`' excerpt around the words `query` matched (see above), by post id."""
    ids = [post.pk for post in posts]
    query = clean_query(query)
    found = {}
    if ids and connection.vendor == "postgresql" and query:
        rows = Post.objects.filter(pk__in=ids).annotate(excerpt_marked=_postgres_headline(query))
        found = dict(rows.order_by().values_list("pk", "excerpt_marked"))
    elif ids and connection.vendor != "postgresql":
        match = fts5_match(query)
        found = _sqlite_snippets(match, ids) if match else {}
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

    Without statistics (ANALYZE) the planner takes the index on status for a few rows: asked
    for ten posts by id and published, it would read every published post through that index
    (blog/tests/test_search_plan.py)."""

    template = "+(%(expressions)s)"
    output_field = BooleanField()


def fts5_match(query: str) -> str:
    """An FTS5 MATCH expression for all of `query`'s words: each a quoted string (no
    operators, columns, prefixes or parentheses survive), so it is never a syntax error."""
    words = _WORD.findall(query.lower())[:MAX_WORDS]
    return " ".join(f'"{word}"' for word in words)


# Django has no FTS5 in its ORM: these statements are the whole of search's SQL on SQLite.
# The query's words are always a parameter, never part of the statement.
FTS_COUNT = (
    "SELECT count(*) FROM blog_post_fts WHERE blog_post_fts MATCH %s AND rowid NOT IN ({scheduled})"
)
FTS_RANKED = (
    "SELECT rowid FROM blog_post_fts"
    " WHERE blog_post_fts MATCH %s AND rowid NOT IN ({scheduled}) AND rank MATCH %s"
    " ORDER BY rank, rowid DESC LIMIT %s OFFSET %s"
)
# FTS5's snippet() is only known in a query that matches its table: one pass over the matches,
# keeping the page's posts (by an id test no index answers: each lookup by id would match the
# query again).
FTS_SNIPPETS = (
    "SELECT rowid, snippet(blog_post_fts, 1, %s, %s, ' … ', %s) FROM blog_post_fts"
    " WHERE blog_post_fts MATCH %s AND +(rowid IN ({ids}))"
)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class RankedPosts(Sequence):
    """The published posts matching an FTS5 query, best first. The index holds the published
    posts outside the trash (migration 0007), so it counts and ranks the matches on its own,
    leaving out the few scheduled posts whose time is still to come; only a page's posts are
    then read, by their ids. A join of every match with its post, to filter and sort them all,
    took twice as long; so does a sort on anything but the rank and the id."""

    ordered = True  # for Paginator: ranked, ties the newest post first

    def __init__(self, match: str) -> None:
        self.match = match

    def _matching(self, statement: str) -> tuple[str, list]:
        scheduled = Post.objects.scheduled().order_by().values("pk")
        scheduled, params = scheduled.query.sql_with_params()
        return statement.format(scheduled=scheduled), [self.match, *params]

    def count(self) -> int:
        if not self.match:
            return 0
        return _rows(*self._matching(FTS_COUNT))[0][0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if start < 0 or (stop is not None and stop < 0) or index.step not in (None, 1):
            raise ValueError("Only slices of positive bounds, as of a queryset.")
        if not self.match or (stop is not None and stop <= start):
            return []
        limit = -1 if stop is None else stop - start  # SQLite's LIMIT -1: no limit
        sql, params = self._matching(FTS_RANKED)
        ids = [pk for (pk,) in _rows(sql, [*params, SQLITE_RANKING, limit, start])]
        # Readers' posts only, as the index has them: by id, never through the index on status.
        posts = Post.objects.filter(NotFromAnIndex(is_live_now())).for_listing().in_bulk(ids)
        return [posts[pk] for pk in ids if pk in posts]

    def __iter__(self):
        return iter(self[:])


def _sqlite_snippets(match: str, ids: list[int]) -> dict[int, str]:
    placeholders = ", ".join(["%s"] * len(ids))
    sql = FTS_SNIPPETS.format(ids=placeholders)
    return dict(_rows(sql, [_START, _STOP, HEADLINE_WORDS, match, *ids]))
