"""The steady scenario (bench/steady.py) on a real gunicorn: it counts the workers replaced
under its load, here recycled after a handful of requests so that some must be."""

import pytest
from django.core.management.utils import get_random_secret_key

from bench import steady
from bench.server import production_environment
from tests.processes import migrated_sqlite_at
from tests.test_bench import installed_wrk

pytestmark = pytest.mark.own_services

RECYCLE_AFTER = 10  # requests


def test_the_workers_replaced_under_the_load_are_counted(tmp_path):
    database = migrated_sqlite_at(tmp_path / "db.sqlite3")
    variables = production_environment(f"sqlite:///{database}", get_random_secret_key(), workers=1)
    recycling = ("--max-requests", str(RECYCLE_AFTER), "--max-requests-jitter", "0")

    row = steady.measure(variables, installed_wrk(), 3, recycling)

    assert row["errors"] == 0, row
    assert row["requests"] > 0
    assert row["connections"] == steady.STEADY_CONNECTIONS
    assert row["p50_ms"] <= row["p99_ms"] <= row["p999_ms"]
    # A worker takes RECYCLE_AFTER requests, and at most those its connections had already
    # sent, before it is replaced; the last one may not have reached its count.
    most_per_worker = RECYCLE_AFTER + steady.STEADY_CONNECTIONS
    assert row["requests"] // most_per_worker - 1 <= row["workers_replaced"]
    assert row["workers_replaced"] <= row["requests"] // RECYCLE_AFTER
