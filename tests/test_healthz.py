"""/healthz tells a load balancer whether this app server can reach its database and cache."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.processes import printed_json, production, python
from tests.services import free_port

pytestmark = pytest.mark.every_backend

HEALTHY = {"db": "ok", "cache": "ok"}
WRITES = ("INSERT", "UPDATE", "DELETE")

# A fresh process runs the view through Django's test client and prints what it answered.
REQUEST_IN_A_NEW_PROCESS = """
import json, sys
import django
django.setup()
from django.test import Client
answers = {}
for path in sys.argv[1:]:
    response = Client().get(path)
    answers[path] = {
        "status": response.status_code,
        "location": response.headers.get("Location"),
        "body": response.content.decode(),
    }
print(json.dumps(answers))
"""


def requested_in_a_new_process(*paths: str, **variables: str) -> dict:
    return printed_json(python(REQUEST_IN_A_NEW_PROCESS, *paths, **variables))


def resilient_redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "tgdb.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


@pytest.mark.django_db
class TestHealthyServer:
    def test_answers_200_with_db_and_cache_ok_as_json(self, client):
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/json"
        assert response.json() == HEALTHY

    def test_head_answers_200_without_a_body(self, client):
        response = client.head("/healthz")

        assert response.status_code == 200
        assert response.content == b""

    @pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
    def test_methods_that_change_things_are_refused_with_405(self, client, method):
        response = getattr(client, method)("/healthz")

        assert response.status_code == 405
        assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD"]

    def test_is_never_cached(self, client):
        response = client.get("/healthz")

        assert {"no-store", "no-cache", "max-age=0"} <= cache_control(response)

    def test_sets_no_cookie_and_creates_no_session(self, client):
        response = client.get("/healthz")

        assert response.cookies == {}
        assert "Set-Cookie" not in response.headers
        assert client.cookies == {}
        assert Session.objects.count() == 0

    def test_writes_nothing_to_the_database(self, client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/healthz")

        assert response.status_code == 200
        statements = [query["sql"].lstrip().upper() for query in queries.captured_queries]
        assert statements, "the health check must ask the database something"
        assert [sql for sql in statements if sql.startswith(WRITES)] == []

    def test_a_signed_in_probe_neither_reads_nor_renews_its_session(self, author_client):
        sessions_before = list(Session.objects.values_list("session_key", "expire_date"))

        with CaptureQueriesContext(connection) as queries:
            response = author_client.get("/healthz")

        assert response.json() == HEALTHY
        assert "Set-Cookie" not in response.headers
        assert [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]] == []
        assert list(Session.objects.values_list("session_key", "expire_date")) == sessions_before


def test_in_production_healthz_over_plain_http_is_not_redirected_to_https(tmp_path):
    answers = requested_in_a_new_process(
        "/healthz", "/login/", **production(database=tmp_path / "db.sqlite3")
    )

    assert answers["/healthz"]["status"] == 200
    assert json.loads(answers["/healthz"]["body"]) == HEALTHY
    # The control: every other page is sent to HTTPS.
    assert answers["/login/"]["status"] == 301
    assert answers["/login/"]["location"] == "https://testserver/login/"


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_gives_503_naming_the_cache(client, settings):
    settings.CACHES = resilient_redis_cache(f"redis://127.0.0.1:{free_port()}/0")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"db": "ok", "cache": "error"}


@pytest.mark.own_services
@pytest.mark.django_db
def test_a_real_redis_cache_answers_200(client, settings, redis_server):
    settings.CACHES = resilient_redis_cache(redis_server.url)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == HEALTHY


def test_a_database_that_does_not_answer_gives_503_naming_the_database():
    # Nothing listens on this port: connecting fails at once, as when PostgreSQL is down.
    answers = requested_in_a_new_process(
        "/healthz",
        DATABASE_URL=f"postgres://tgdb@127.0.0.1:{free_port()}/nothing",
        DJANGO_ALLOWED_HOSTS="testserver",
    )

    assert answers["/healthz"]["status"] == 503
    assert json.loads(answers["/healthz"]["body"]) == {"db": "error", "cache": "ok"}
