"""Which tests run a second time, on PostgreSQL and Redis (`python -m tests.run_on_services`).

Both runs execute the same Django code; what differs is what the database and the cache do
themselves. So a test runs on both when what it proves depends on them:

- its module is marked `every_backend`, because its subject is the database or the cache:
  full-text search and its indexes (blog/search.py speaks each database's own SQL), migrations,
  row locks (`select_for_update` must sit in a transaction on PostgreSQL, and is skipped on
  SQLite) and simultaneous writes, what PostgreSQL refuses that SQLite stores (NUL bytes, text
  longer than its column), matching that ignores case, the session store (cached_db on Redis)
  and the caches;
- or it counts queries: the session store and the cache change the count, and a budget must
  hold on the production pair.

Everything else (pages, forms, redirects, permissions, browsers, the servers the `own_services`
tests start for themselves) behaves the same on both, and runs once.
"""

import pytest

MARK = "every_backend"
# Fixtures and helpers a test counts queries with.
QUERY_COUNTERS = {"django_assert_num_queries", "django_assert_max_num_queries"}
QUERY_COUNTING_NAMES = {"queries_to_get", "CaptureQueriesContext"}


def counts_queries(item: pytest.Item) -> bool:
    if QUERY_COUNTERS & set(getattr(item, "fixturenames", ())):
        return True
    function = getattr(item, "function", None)
    return function is not None and bool(QUERY_COUNTING_NAMES & set(function.__code__.co_names))


def mark_what_depends_on_the_backend(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker(MARK) is None and counts_queries(item):
            item.add_marker(MARK)
