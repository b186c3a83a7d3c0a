"""A submission that meets an edit conflict and is kept with "Save mine anyway" is still a
submission: the queue dates it by then, and the history says it was kept over a newer version."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from blog.models import Post
from revisions import changes
from revisions.models import PostRevision

from .conftest import QUEUE_URL, editor_form, update_url

pytestmark = pytest.mark.django_db

OPENED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SUBMITTED_AT = OPENED_AT + timedelta(minutes=15)
TYPO_FIXED_AT = SUBMITTED_AT + timedelta(hours=3)


@pytest.fixture
def clock():
    with time_machine.travel(OPENED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def draft(clock, contributor) -> Post:
    post = Post.objects.create(
        author=contributor, title="Connie on chamomile", body="Chamomile is a flower."
    )
    changes.record(post, contributor, PostRevision.Kind.CREATED)
    return post


@pytest.fixture
def kept_over_conflict(clock, contributor_client, editor_client, draft) -> Post:
    """Connie opens her draft, an editor saves it meanwhile, Connie submits it (409) and
    presses "Save mine anyway"; hours later the editor fixes a typo in the submission."""
    opened = editor_form(draft)
    editor_client.post(update_url(draft), editor_form(draft, body="Chamomile is a daisy."))
    conflict = contributor_client.post(update_url(draft), {**opened, "status": "review"})
    assert conflict.status_code == 409
    clock.move_to(SUBMITTED_AT)
    mine = editor_form(draft, body=opened["body"], status="review", save_mine="1")
    assert contributor_client.post(update_url(draft), mine).status_code == 302
    clock.move_to(TYPO_FIXED_AT)
    typo_fixed = editor_form(draft, title="Connie on camomile")
    assert editor_client.post(update_url(draft), typo_fixed).status_code == 302
    draft.refresh_from_db()
    return draft


def test_the_queue_dates_it_by_its_submission(editor_client, kept_over_conflict):
    html = editor_client.get(QUEUE_URL).text

    assert f'<a href="{update_url(kept_over_conflict)}">Connie on camomile</a>' in html
    assert '<time datetime="2026-03-02T09:15:00+00:00">2 Mar 2026, 09:15</time>' in html


def test_the_history_says_it_was_submitted_over_a_newer_version(
    contributor_client, kept_over_conflict
):
    html = contributor_client.get(f"/cadmin/post/{kept_over_conflict.pk}/history/").text

    assert "<td>Submitted for review over a newer version</td>" in html
    submission = kept_over_conflict.revisions.get(version=3)
    assert (submission.kind, submission.over_conflict) == (PostRevision.Kind.SUBMITTED, True)
