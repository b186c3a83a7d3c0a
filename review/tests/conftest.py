"""What the review tests share: a contributor's submission, and the editor forms' data."""

import pytest
from django.test import Client

from blog.models import Post
from tests.clients import signed_in
from tests.factories import PostFactory

QUEUE_URL = "/cadmin/review/"
HOME_URL = "/cadmin/"


def update_url(post: Post) -> str:
    return f"/cadmin/post/update/{post.pk}/"


def send_back_url(post: Post) -> str:
    return f"/cadmin/post/{post.pk}/send-back/"


def editor_form(post: Post, **changes) -> dict:
    """The post editor's form as it was opened on `post`, with `changes` typed in."""
    post.refresh_from_db()
    data = {
        "title": post.title,
        "body": post.body,
        "category": post.category_id or "",
        "status": post.status,
        "version": post.version,
    }
    return {**data, **changes}


def snapshot(post: Post) -> dict:
    post.refresh_from_db()
    return {
        "status": post.status,
        "version": post.version,
        "updated": post.updated,
        "revisions": list(post.revisions.values_list("version", "kind", "note")),
    }


@pytest.fixture
def contributor_client(contributor) -> Client:
    return signed_in(contributor)


@pytest.fixture
def submission(contributor) -> Post:
    """A contributor's post waiting for review (made directly: no revision, no e-mail)."""
    return PostFactory(author=contributor, title="Connie on chamomile", status=Post.Status.REVIEW)
