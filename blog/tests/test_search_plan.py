"""On SQLite, search counts and ranks its matches in the FTS5 index alone, leaving out the
scheduled posts still to come (read from the index on status and publication time), then reads
the posts of the page by their ids: never every published post through the index on status (ten
seconds at 100,000 posts), nor every match joined with its post. A new database has no
statistics for the planner, so the plans must not need them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PostFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 plan"),
    pytest.mark.every_backend,
]


SCHEDULED_STILL_TO_COME = (
    "SEARCH blog_post USING INDEX post_status_published_idx (status=? AND published_at>?)"
)


def plan_of(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[3] for row in cursor.fetchall()]


def tables_read(sql: str) -> list[str]:
    """The steps of the query's plan that read a table, in order."""
    return [step for step in plan_of(sql) if step.split()[0] in ("SCAN", "SEARCH")]


def page_queries(client, page: int) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": "lighthouse harbour", "page": page})
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("page", [1, 2])
def test_the_index_answers_alone_and_the_pages_posts_are_read_by_id(client, page):
    PostFactory.create_batch(12, body="The harbour at dawn, and the lighthouse.")

    queries = page_queries(client, page)
    matching = [sql for sql in queries if " MATCH " in sql]
    posts = [sql for sql in queries if sql.startswith('SELECT "blog_post"."id"')]

    assert len(matching) == 3  # the count, the page's ids, their excerpts
    for sql in matching:
        index, *others = tables_read(sql)
        assert index.startswith("SCAN blog_post_fts VIRTUAL TABLE INDEX"), sql
        assert others in ([], [SCHEDULED_STILL_TO_COME]), sql
    assert "CORRELATED" not in " ".join(step for sql in matching for step in plan_of(sql))
    [post_query] = posts
    assert tables_read(post_query)[0] == "SEARCH blog_post USING INTEGER PRIMARY KEY (rowid=?)"
