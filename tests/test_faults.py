"""What readers and authors see when a part of production fails under a real gunicorn: Redis
going away, PostgreSQL restarting, a worker process killed. Each test that breaks a service
breaks a private one, so the shared servers stay up for everyone else."""

import http.client
import os
import signal

import pytest
from django.core.management.utils import get_random_secret_key

from tests.servers import (
    Browser,
    Gunicorn,
    Load,
    create_database,
    create_published_post,
    create_user,
    drop_database,
    migrate,
    poll,
    production_environment,
)
from tests.services import Postgres, Redis

pytestmark = pytest.mark.own_services

PASSWORD = "Quiet-river-crossing-42"
HEALTHY = {"db": "ok", "cache": "ok"}
BACK_SOON = "We will be right back"


def with_author_and_post(url: str) -> str:
    """Fill the database at `url` with an author and one published post; returns its path."""
    create_user(url, "writer", PASSWORD)
    return create_published_post(url, "writer", "Still standing")


@pytest.fixture(scope="module")
def database(postgres_server):
    """(URL, post path) of a database of this module's own on the shared PostgreSQL."""
    url = create_database(postgres_server)
    yield url, with_author_and_post(url)
    drop_database(postgres_server, url)


@pytest.fixture
def private_redis(redis_server):
    # Asks for the shared server only to be skipped the same way when Redis is not installed.
    server = Redis().start()
    yield server
    server.remove()


@pytest.fixture
def private_postgres(postgres_server):
    # Asks for the shared server only to be skipped the same way when PostgreSQL is missing.
    server = Postgres().start()
    try:
        migrate(server.url)
        yield server, with_author_and_post(server.url)
    finally:
        server.remove()


class TestRedisOutage:
    @pytest.fixture
    def server_without_redis(self, database, private_redis):
        """A signed-in author's browser on a server whose Redis has just stopped."""
        url, post_path = database
        variables = production_environment(
            url, get_random_secret_key(), private_redis.url, workers=1
        )
        with Gunicorn(variables) as server:
            browser = Browser()
            signed_in = browser.sign_in(server.url, "writer", PASSWORD)
            assert signed_in.status == 302
            private_redis.stop()
            yield server, browser, post_path

    def test_signed_in_author_and_readers_are_served_while_redis_is_down(
        self, server_without_redis
    ):
        server, browser, post_path = server_without_redis

        dashboard = browser.get(f"{server.url}/cadmin/")
        blog, post = (Browser().get(f"{server.url}{path}") for path in ("/", post_path))

        assert dashboard.status == 200
        assert "Welcome writer" in dashboard.text
        assert blog.status == 200
        assert "Still standing" in blog.text
        assert post.status == 200
        assert "Still standing" in post.text
        assert server.wait_for_log("Cache is down"), server.log()

    def test_health_check_names_the_cache_while_redis_is_down(self, server_without_redis):
        server, _, _ = server_without_redis

        health = Browser().get(f"{server.url}/healthz")

        assert health.status == 503
        assert health.json() == {"db": "ok", "cache": "error"}

    def test_site_caches_again_when_redis_returns_without_a_restart(
        self, server_without_redis, private_redis
    ):
        server, browser, _ = server_without_redis
        workers = server.worker_pids()
        browser.get(f"{server.url}/cadmin/")  # notices the outage
        assert server.wait_for_log("Cache is down"), server.log()

        private_redis.start()  # a new Redis on the same port
        health = poll(lambda: Browser().get(f"{server.url}/healthz"), lambda r: r.status == 200)

        assert health.json() == HEALTHY
        assert server.wait_for_log("Cache is back"), server.log()
        assert server.worker_pids() == workers
        assert browser.get(f"{server.url}/cadmin/").status == 200


def test_site_answers_503_while_postgres_restarts_and_recovers_by_itself(
    private_postgres, redis_server
):
    postgres, post_path = private_postgres
    variables = production_environment(postgres.url, get_random_secret_key(), redis_server.url)
    with Gunicorn(variables) as server, Load(server.url, ("/", "/healthz", post_path)) as load:
        load.wait_for(10)
        postgres.stop()
        # Pages not in the anonymous page cache need the database.
        during_outage = [Browser().get(f"{server.url}/?during-outage={n}") for n in range(3)]
        health_during_outage = Browser().get(f"{server.url}/healthz")
        postgres.start()
        blog = poll(lambda: Browser().get(f"{server.url}/"), lambda r: r.status == 200)
        health = poll(lambda: Browser().get(f"{server.url}/healthz"), lambda r: r.status == 200)
        answered_before_recovery = len(load.responses)
        load.wait_for(answered_before_recovery + 10)  # the readers are served again too

    everything = [response for _, response in load.responses] + during_outage
    assert [page.status for page in during_outage] == [503, 503, 503]
    assert all(BACK_SOON in page.text for page in during_outage)
    assert all(page.headers["Retry-After"] == "5" for page in during_outage)
    assert health_during_outage.status == 503
    assert health_during_outage.json() == {"db": "error", "cache": "ok"}
    assert "Still standing" in blog.text
    assert health.json() == HEALTHY
    assert {response.status for response in everything} <= {200, 503}
    assert not [response for response in everything if "Traceback" in response.text]
    assert load.errors == []


def test_killed_worker_is_replaced_while_the_site_keeps_answering(database, redis_server):
    url, _ = database
    variables = production_environment(url, get_random_secret_key(), redis_server.url, workers=3)
    with Gunicorn(variables) as server:
        before = server.worker_pids()
        victim = min(before)
        with Load(server.url, ("/",), threads=3) as load:
            load.wait_for(10)
            os.kill(victim, signal.SIGKILL)
            after = server.wait_for_workers(lambda pids: len(pids) == 3 and victim not in pids)
            (replacement,) = after - before
            replacement_booted = server.wait_for_log(f"Booting worker with pid: {replacement}")
            load.wait_for(len(load.responses) + 30)  # served by the new set of workers

        assert server.wait_for_log(f"Worker (pid:{victim}) was sent SIGKILL!"), server.log()
        assert replacement_booted, server.log()
    # Only a request that the killed worker was answering may have lost its connection.
    assert len(load.errors) <= load.threads, load.errors
    assert all(
        isinstance(error, ConnectionError | http.client.HTTPException) for _, error in load.errors
    )
    assert {response.status for _, response in load.responses} == {200}
    assert len(after) == 3
    assert before - {victim} <= after
