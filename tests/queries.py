"""Counting the SQL queries one page costs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_to_get(client, url: str, **params) -> int:
    """How many SQL queries a successful GET of `url` runs."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(context.captured_queries)
