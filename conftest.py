"""Fixtures shared by every test: fast hashing, people, and signed-in clients."""

import pytest
from django.core.cache import cache
from django.test import Client

from team.roles import Role
from tests.backends import mark_what_depends_on_the_backend
from tests.clients import signed_in
from tests.factories import PASSWORD, UserFactory

pytest_plugins = ["tests.leftovers"]


def pytest_collection_modifyitems(items):
    mark_what_depends_on_the_backend(items)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Tests sign in hundreds of times; the real hashers are exercised where they are the subject.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache(settings):
    # The database is rolled back after each test; the cache must forget too. The default
    # file cache under var/ is shared with other processes, so tests use their own memory.
    if not settings.REDIS_URL:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def author(db):
    return UserFactory(username="alice", email="alice@example.com")


@pytest.fixture
def other_author(db):
    return UserFactory(username="bob", email="")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def author_client(author) -> Client:
    return signed_in(author)


@pytest.fixture
def contributor(db):
    return UserFactory(username="connie", email="connie@example.com", role=Role.CONTRIBUTOR)


@pytest.fixture
def editor(db):
    return UserFactory(username="edith", email="edith@example.com", role=Role.EDITOR)


@pytest.fixture
def administrator(db):
    return UserFactory(username="ada", email="ada@example.com", role=Role.ADMINISTRATOR)


@pytest.fixture
def editor_client(editor) -> Client:
    return signed_in(editor)


@pytest.fixture
def csrf_client() -> Client:
    """A client that, like a browser, must send the CSRF token with every POST."""
    return Client(enforce_csrf_checks=True)


def _started(service_class):
    """Start a throw-away service, or skip (fail with TGDB_REQUIRE_SERVICES=1) if absent."""
    from tests.services import REQUIRE_SERVICES, ServiceUnavailable

    try:
        return service_class().start()
    except ServiceUnavailable as missing:
        if REQUIRE_SERVICES:
            pytest.fail(f"{missing}; TGDB_REQUIRE_SERVICES=1 needs it.")
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of our own on a loopback port, shared by the whole run."""
    from tests.services import Postgres

    server = _started(Postgres)
    yield server
    server.remove()


@pytest.fixture(scope="session")
def redis_server():
    """A Redis server of our own on a loopback port, shared by the whole run."""
    from tests.services import Redis

    server = _started(Redis)
    yield server
    server.remove()


@pytest.fixture
def turns(settings):
    """This process's request turns (throttle/turns.py), fresh, a request waiting for one
    patience.TURN seconds at most."""
    from tests import patience
    from throttle.turns import request_turns

    settings.TGDB_TURN_WAIT_SECONDS = patience.TURN
    request_turns.cache_clear()
    yield request_turns()
    request_turns.cache_clear()
