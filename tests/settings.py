"""The site's settings under pytest: tgdb/settings.py unchanged, except that each pytest-xdist
worker (`make test` runs the suite in several) gets a Redis database of its own, since every
test ends by emptying the cache and must never empty another worker's."""

import os
from urllib.parse import urlsplit, urlunsplit


def redis_url_of_worker(url: str, worker: str) -> str:
    """`url` with the database numbered after the worker: gw0 uses 1, gw1 uses 2, ..."""
    number = int(worker.removeprefix("gw")) + 1
    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    # Set before tgdb/settings.py reads it.
    os.environ["REDIS_URL"] = redis_url_of_worker(
        os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"]
    )

from tgdb.settings import *  # noqa: E402, F403 - the site's settings, as they are
