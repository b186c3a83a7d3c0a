"""A Redis outage is an empty cache, not an error page: reads miss, writes are skipped, the log
says once that the cache is down and once that it is back, and nobody is signed out."""

import contextlib
import logging
import time

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client

from tests import patience
from tests.services import REQUIRE_SERVICES, Redis, ServiceUnavailable

pytestmark = pytest.mark.own_services

CACHE_LOGGER = "tgdb.cache"


class OwnRedis:
    """A private Redis this test may stop and start again on the same port."""

    def __init__(self) -> None:
        self.server = Redis().start()
        self.port = self.server.port
        self.url = self.server.url
        self.started = [self.server]

    def stop(self) -> None:
        self.server.stop()

    def start_again(self) -> None:
        self.server = Redis(port=self.port).start()
        self.started.append(self.server)

    def remove(self) -> None:
        for server in self.started:
            server.remove()


@pytest.fixture
def own_redis():
    try:
        redis = OwnRedis()
    except ServiceUnavailable as missing:
        if REQUIRE_SERVICES:
            pytest.fail(f"{missing}; TGDB_REQUIRE_SERVICES=1 needs it.")
        pytest.skip(str(missing))
    try:
        yield redis
    finally:
        redis.remove()


@pytest.fixture
def redis_cache(settings, own_redis):
    """The default cache, on the private Redis, configured as settings.py does for REDIS_URL."""
    settings.CACHES = {
        "default": {
            "BACKEND": "tgdb.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache = caches["default"]
    # Proves the cache works, and leaves the per-process "down" flag in a known state.
    cache.set("warm-up", "yes")
    assert cache.get("warm-up") == "yes"
    return cache


def cache_messages(caplog, start: str) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == CACHE_LOGGER and record.getMessage().startswith(start)
    ]


def use_every_operation(cache) -> dict:
    """Call every cache operation once; return what the readers answered."""
    cache.set("key", "value")
    cache.add("other", "value")
    cache.touch("key")
    cache.set_many({"a": 1, "b": 2})
    cache.delete("key")
    cache.delete_many(["a", "b"])
    cache.clear()
    return {
        "get": cache.get("key", default="the default"),
        "get_many": cache.get_many(["a", "b"]),
        "has_key": cache.has_key("key"),
    }


def test_set_and_get_work_while_redis_is_up(redis_cache):
    redis_cache.set("greeting", "hello")
    redis_cache.set_many({"a": 1, "b": 2})

    assert redis_cache.get("greeting") == "hello"
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert redis_cache.has_key("a") is True


def test_while_redis_is_down_reads_miss_writes_are_skipped_and_nothing_raises(
    redis_cache, own_redis, caplog
):
    redis_cache.set("key", "stored before the outage")
    caplog.clear()
    own_redis.stop()

    answers = use_every_operation(redis_cache)

    assert answers == {"get": "the default", "get_many": {}, "has_key": False}


@pytest.mark.parametrize("passed_as", ["keyword", "position"])
def test_while_redis_is_down_get_answers_the_default_however_it_is_passed(
    redis_cache, own_redis, passed_as
):
    redis_cache.set("key", "stored before the outage")
    own_redis.stop()

    if passed_as == "keyword":
        answer = redis_cache.get("key", default="the default")
    else:  # Django's own signature is get(key, default=None, version=None)
        answer = redis_cache.get("key", "the default")

    assert answer == "the default"


def test_an_outage_is_logged_once_however_many_calls_fail(redis_cache, own_redis, caplog):
    caplog.set_level(logging.WARNING, logger=CACHE_LOGGER)
    own_redis.stop()

    for _ in range(3):
        use_every_operation(redis_cache)

    down = cache_messages(caplog, "Cache is down")
    assert len(down) == 1
    assert f"Redis at {own_redis.url}" in down[0]
    assert cache_messages(caplog, "Cache is back") == []


def test_the_same_cache_works_again_when_redis_comes_back(redis_cache, own_redis, caplog):
    caplog.set_level(logging.WARNING, logger=CACHE_LOGGER)
    own_redis.stop()
    assert redis_cache.get("key", default="missed") == "missed"

    own_redis.start_again()
    redis_cache.set("key", "after the outage")
    redis_cache.set_many({"a": 1})

    assert caches["default"] is redis_cache
    assert redis_cache.get("key") == "after the outage"
    assert redis_cache.get_many(["a"]) == {"a": 1}
    assert len(cache_messages(caplog, "Cache is down")) == 1
    back = cache_messages(caplog, "Cache is back")
    assert len(back) == 1
    assert f"Redis at {own_redis.url}" in back[0]


@pytest.fixture
def cached_db_sessions(settings, redis_cache):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return redis_cache


def sign_in(client, username: str, password: str):
    return client.post("/cadmin/login/", {"username": username, "password": password})


@pytest.mark.django_db
class TestSessionsDuringARedisOutage:
    def test_a_signed_in_author_stays_signed_in_and_can_sign_out(
        self, client, author, password, own_redis, cached_db_sessions
    ):
        assert sign_in(client, author.username, password).headers["Location"] == "/cadmin/"
        own_redis.stop()

        dashboard = client.get("/cadmin/")
        assert dashboard.status_code == 200
        assert author.username in dashboard.text

        signed_out = client.post("/cadmin/logout/")
        assert signed_out.status_code == 200
        assert "_auth_user_id" not in client.session
        assert Session.objects.count() == 0
        after = client.get("/cadmin/")
        assert after.headers["Location"] == "/cadmin/login/?next=/cadmin/"

    def test_signing_in_while_redis_is_down_works_and_the_session_is_in_the_database(
        self, client, author, password, own_redis, cached_db_sessions
    ):
        own_redis.stop()

        response = sign_in(client, author.username, password)

        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/"
        stored = Session.objects.get(session_key=client.cookies["sessionid"].value)
        assert stored.get_decoded()["_auth_user_id"] == str(author.pk)
        dashboard = client.get("/cadmin/")
        assert dashboard.status_code == 200
        assert author.username in dashboard.text

    def test_a_session_signed_out_while_redis_was_unreachable_stays_signed_out(
        self, client, author, password, own_redis, cached_db_sessions
    ):
        # Redis keeps its data but answers nobody for a while, as in a network partition:
        # the sign-out cannot delete the cached session, which must not come back to life.
        assert sign_in(client, author.username, password).headers["Location"] == "/cadmin/"
        old_cookie = client.cookies["sessionid"].value
        admin = redis.Redis.from_url(own_redis.url, socket_timeout=5)
        admin.execute_command("CLIENT", "PAUSE", PARTITION_MS, "ALL")

        assert client.post("/cadmin/logout/").status_code == 200
        assert Session.objects.count() == 0

        wait_until_redis_answers(admin)
        replay = Client()
        replay.cookies["sessionid"] = old_cookie
        response = replay.get("/cadmin/")
        assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/"


PARTITION_MS = 3000


def wait_until_redis_answers(admin, timeout: float = patience.CONDITION) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(redis.RedisError):
            if admin.ping():
                return
        time.sleep(0.1)
    pytest.fail(f"Redis did not answer again within {timeout} s")
