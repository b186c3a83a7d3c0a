"""Under pytest-xdist each worker process empties its own Redis database after every test,
never another's (tests/settings.py); each case runs in a fresh Python process."""

import pytest

from tests.processes import printed_json, python

PRINT_CACHE = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps([settings.REDIS_URL, settings.CACHES["default"]["LOCATION"]]))
"""


@pytest.mark.parametrize(("worker", "database"), [("gw0", 1), ("gw1", 2), ("gw7", 8)])
def test_each_worker_gets_a_redis_database_of_its_own(worker, database):
    seen = printed_json(
        python(
            PRINT_CACHE,
            DJANGO_SETTINGS_MODULE="tests.settings",
            REDIS_URL="redis://127.0.0.1:6390/0",
            PYTEST_XDIST_WORKER=worker,
        )
    )

    assert seen == [f"redis://127.0.0.1:6390/{database}"] * 2


def test_the_site_itself_keeps_the_database_it_is_given():
    seen = printed_json(
        python(PRINT_CACHE, REDIS_URL="redis://127.0.0.1:6390/0", PYTEST_XDIST_WORKER="gw1")
    )

    assert seen == ["redis://127.0.0.1:6390/0"] * 2
