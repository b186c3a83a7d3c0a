"""A contributor reaches readers only through an editor: sending status=published by hand
gets a clear form error, and the post stays as it was."""

import pytest

from blog.models import Post
from cadmin.forms import CANNOT_PUBLISH
from tests.factories import PostFactory

from .conftest import editor_form, snapshot, update_url

pytestmark = pytest.mark.django_db


def test_a_contributor_cannot_publish_their_draft(contributor_client, contributor):
    draft = PostFactory(author=contributor, status=Post.Status.DRAFT)
    before = snapshot(draft)

    response = contributor_client.post(update_url(draft), editor_form(draft, status="published"))

    assert response.status_code == 200
    assert CANNOT_PUBLISH in response.text
    assert snapshot(draft) == before


def test_a_contributor_cannot_publish_their_submission(contributor_client, submission):
    before = snapshot(submission)

    response = contributor_client.post(
        update_url(submission), editor_form(submission, status="published")
    )

    assert response.status_code == 200
    assert CANNOT_PUBLISH in response.text
    assert snapshot(submission) == before


def test_a_contributor_cannot_publish_a_new_post(contributor_client, contributor):
    response = contributor_client.post(
        "/cadmin/post/add/", {"title": "Straight out", "body": "Text.", "status": "published"}
    )

    assert response.status_code == 200
    assert CANNOT_PUBLISH in response.text
    assert not Post.objects.filter(title="Straight out").exists()
