"""DATABASE_URL and REDIS_URL choose the database, the cache and where sessions live; each case
runs in a fresh Python process, since settings are read once at start."""

import uuid

import psycopg
import pytest

from tests.processes import manage, printed_json, python

PRINT_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connections
database = connections["default"].settings_dict  # what connections are really opened with
print(json.dumps({
    "ENGINE": database["ENGINE"],
    "CONN_MAX_AGE": database["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": database["CONN_HEALTH_CHECKS"],
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION", ""),
    "SESSION_ENGINE": settings.SESSION_ENGINE,
}))
"""
POSTGRES_URL = "postgres://u:p@db.example.com:5432/blog"


def settings_seen_with(**variables: str) -> dict:
    return printed_json(python(PRINT_SETTINGS, **variables))


def test_postgres_keeps_connections_for_60_seconds_and_checks_them_before_reuse():
    seen = settings_seen_with(DATABASE_URL=POSTGRES_URL)

    assert seen["ENGINE"] == "django.db.backends.postgresql"
    assert seen["CONN_MAX_AGE"] == 60
    assert seen["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(("variable", "expected"), [("0", 0), ("300", 300)])
def test_how_long_postgres_connections_are_kept_comes_from_the_environment(variable, expected):
    seen = settings_seen_with(DATABASE_URL=POSTGRES_URL, TGDB_DB_CONN_MAX_AGE=variable)

    assert seen["CONN_MAX_AGE"] == expected


def test_the_default_sqlite_database_also_keeps_its_connection_between_requests():
    seen = settings_seen_with()

    assert seen["ENGINE"] == "tgdb.sqlite"
    assert seen["CONN_MAX_AGE"] == 60
    assert seen["CONN_HEALTH_CHECKS"] is True


PRINT_SQLITE_MODES = """
import json
import django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
with transaction.atomic():
    pass
print(json.dumps({"journal": journal, "synchronous": synchronous}))
"""


def test_sqlite_writes_ahead_and_still_syncs_every_commit(tmp_path):
    database = tmp_path / "blog.sqlite3"
    seen = printed_json(python(PRINT_SQLITE_MODES, DATABASE_URL=f"sqlite:///{database}"))

    assert seen["journal"] == "wal"
    assert seen["synchronous"] == 2  # FULL: a commit the site answered for survives a crash


def test_redis_url_puts_the_cache_on_redis_and_sessions_in_cache_and_database():
    seen = settings_seen_with(REDIS_URL="redis://127.0.0.1:6390/1")

    assert seen["CACHE_BACKEND"] == "tgdb.cache.ResilientRedisCache"
    assert seen["CACHE_LOCATION"] == "redis://127.0.0.1:6390/1"
    assert seen["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_url_sessions_are_in_the_database_and_workers_share_a_file_cache():
    seen = settings_seen_with()

    assert seen["CACHE_BACKEND"] == "tgdb.file_cache.UncompressedFileCache"
    assert seen["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


@pytest.fixture
def fresh_postgres_database(postgres_server):
    name = f"tgdb_settings_{uuid.uuid4().hex[:12]}"
    admin = {"host": "127.0.0.1", "port": postgres_server.port, "user": postgres_server.user}
    with psycopg.connect(**admin, dbname="postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{postgres_server.user}@127.0.0.1:{postgres_server.port}/{name}", admin
    finally:
        with psycopg.connect(**admin, dbname="postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.own_services
def test_migrate_and_check_succeed_on_a_new_postgres_database(fresh_postgres_database):
    url, admin = fresh_postgres_database

    migrated = manage("migrate", "--noinput", DATABASE_URL=url)
    checked = manage("check", "--database", "default", DATABASE_URL=url)

    assert migrated.returncode == 0, migrated.stderr
    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout
    with psycopg.connect(**admin, dbname=url.rsplit("/", 1)[1]) as connection:
        applied = connection.execute(
            "SELECT count(*) FROM django_migrations WHERE app IN ('accounts', 'blog')"
        ).fetchone()[0]
    assert applied > 0
