"""Full-text search of published posts, on PostgreSQL or SQLite, behind one function.

`search(query)` gives published posts matching every word of `query`, best match first (a
match in the title counts more than one in the body), each with `.headline`: a short excerpt
of the body as safe HTML in which only the matched words are marked up, with <mark>.

PostgreSQL uses `websearch_to_tsquery`, which accepts any text (quotes, -, or); SQLite uses
FTS5 with a MATCH expression built here from the query's words only, each quoted, so no input
can be an FTS5 syntax error. The index is kept current by triggers (migration 0006).
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, FloatField, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Post, PostQuerySet

# Longer queries are cut: nobody types more, and every word costs the database work.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 16
SEARCH_CONFIG = "english"
HEADLINE_WORDS = 30

# The database marks matches with these; they become <mark> once the rest is escaped.
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)
_WORD = re.compile(r"\w+")


def clean_query(query: str) -> str:
    """The query as searched: no NUL or control characters, spaces collapsed, cut short."""
    query = "".join(ch if ch.isprintable() else " " for ch in query or "")
    return " ".join(query.split())[:MAX_QUERY_LENGTH].strip()


def search(query: str) -> QuerySet:
    """Published posts matching `query`, best first, each with a `.headline` (see above).
    A query with nothing to search for gives no posts."""
    query = clean_query(query)
    posts = Post.objects.published().for_listing()
    if not query:
        return posts.none()
    if connection.vendor == "postgresql":
        return _postgres(posts, query)
    return _sqlite(posts, query)


def marked_headline(text: str | None) -> SafeString:
    """The database's excerpt, escaped, with its match markers turned into <mark> tags."""
    text = escape(text or "")
    text = _MARKED.sub(r"<mark>\1</mark>", text)
    return mark_safe(text.replace(_START, "").replace(_STOP, ""))  # noqa: S308 - escaped above


class HeadlinedPostQuerySet(PostQuerySet):
    """Posts whose raw `_headline` becomes the safe `.headline` as they are fetched."""

    def _fetch_all(self):
        super()._fetch_all()
        for post in self._result_cache or ():
            if isinstance(post, Post):
                post.headline = marked_headline(getattr(post, "_headline", ""))


def _headlined(posts: QuerySet) -> QuerySet:
    clone = posts._chain()
    clone.__class__ = HeadlinedPostQuerySet
    return clone


def _postgres(posts: QuerySet, query: str) -> QuerySet:
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    vector = RawSQL('"blog_post"."search_vector"', [], output_field=SearchVectorField())
    posts = (
        posts.alias(search_vector=vector)
        .filter(search_vector=tsquery)
        .annotate(
            rank=SearchRank(F("search_vector"), tsquery),
            _headline=SearchHeadline(
                "body",
                tsquery,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=HEADLINE_WORDS,
                min_words=HEADLINE_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )
    return _headlined(posts)


def fts5_match(query: str) -> str:
    """An FTS5 MATCH expression for all of `query`'s words: each a quoted string (no
    operators, columns, prefixes or parentheses survive), so it is never a syntax error."""
    words = _WORD.findall(query.lower())[:MAX_WORDS]
    return " ".join(f'"{word}"' for word in words)


# The FTS5 row of each post is the one whose rowid is the post's id. bm25 is lower for a
# better match; a title match weighs ten times a body match. The snippet is from the body.
_FTS5_ROW = (
    " FROM blog_post_fts WHERE blog_post_fts MATCH %s AND blog_post_fts.rowid = blog_post.id"
)
_FTS5_RANK = "SELECT bm25(blog_post_fts, 10.0, 1.0)" + _FTS5_ROW
_FTS5_SNIPPET = (
    f"SELECT snippet(blog_post_fts, 1, char(2), char(3), ' … ', {HEADLINE_WORDS})" + _FTS5_ROW
)


def _sqlite(posts: QuerySet, query: str) -> QuerySet:
    match = fts5_match(query)
    if not match:
        return posts.none()
    posts = (
        posts.annotate(
            rank=RawSQL(_FTS5_RANK, [match], FloatField()),  # noqa: S611 - constant SQL, bound match
            _headline=RawSQL(_FTS5_SNIPPET, [match], TextField()),  # noqa: S611 - likewise
        )
        .filter(rank__isnull=False)
        .order_by("rank", "-published_at", "-pk")
    )
    return _headlined(posts)
