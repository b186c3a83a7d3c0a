"""On SQLite, search reads its matches from the FTS5 index first and then each post by its id:
never every published post through the index on status, asking FTS5 about each one (ten seconds
at 100,000 posts). A new database has no statistics for the planner, so the plan must not need
them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PostFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 plan"),
]


def plan(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[3] for row in cursor.fetchall()]


def searching_queries(client, page: int) -> list[str]:
    """The SQL of the search page's queries that match against the full-text index."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": "lighthouse harbour", "page": page})
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries if " MATCH " in query["sql"]]


@pytest.mark.parametrize("page", [1, 2])
def test_every_search_query_reads_the_index_first_and_posts_by_their_id(client, page):
    PostFactory.create_batch(12, body="The harbour at dawn, and the lighthouse.")

    queries = searching_queries(client, page)

    assert len(queries) == 3  # the count, the page, its excerpts
    for sql in queries:
        steps = plan(sql)
        posts = [
            step
            for step in steps
            if step.split()[:2] in (["SCAN", "blog_post"], ["SEARCH", "blog_post"])
        ]
        assert posts == ["SEARCH blog_post USING INTEGER PRIMARY KEY (rowid=?)"], steps
        if "snippet(" not in sql:  # the excerpts' query looks its posts up by the page's ids
            assert steps[0].startswith("SCAN blog_post_fts VIRTUAL TABLE"), steps
