"""Fixtures shared by every test: fast hashing, people, and signed-in clients."""

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Tests sign in hundreds of times; the real hashers are exercised where they are the subject.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    client = Client()
    client.force_login(author)
    return client


@pytest.fixture
def csrf_client() -> Client:
    """A client that, like a browser, must send the CSRF token with every POST."""
    return Client(enforce_csrf_checks=True)
