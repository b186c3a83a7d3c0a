"""Fixtures of the editor's tests: a post of Alice's, and the editor's URLs."""

import pytest

from tests.factories import CategoryFactory, PostFactory, TagFactory

ADD_URL = "/cadmin/post/add/"
ADD_AUTOSAVE_URL = "/cadmin/post/add/autosave/"
ADD_DISCARD_URL = "/cadmin/post/add/autosave/discard/"


def editor_url(post) -> str:
    return f"/cadmin/post/update/{post.pk}/"


def autosave_url(post) -> str:
    return f"/cadmin/post/{post.pk}/autosave/"


def discard_url(post) -> str:
    return f"/cadmin/post/{post.pk}/autosave/discard/"


def editing_url(post) -> str:
    return f"/cadmin/post/{post.pk}/editing/"


@pytest.fixture
def category():
    return CategoryFactory(name="Gardening")


@pytest.fixture
def tag():
    return TagFactory(name="summer")


@pytest.fixture
def post(author, category):
    return PostFactory(
        author=author,
        title="Planting tomatoes",
        body="Water them every morning.",
        category=category,
    )
