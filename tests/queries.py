"""Counting the SQL queries one page costs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_to_get(client, url: str, warm: bool = True, **params) -> int:
    """How many SQL queries a successful GET of `url` runs, as under load: the second of two
    identical requests (the first fills what is kept between requests, such as the account's
    permissions), as the benchmark counts them. `warm=False` counts the first."""
    if warm:
        client.get(url, params)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(context.captured_queries)
