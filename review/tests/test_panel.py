"""The post editor's review panel: who submitted the post and when, the send-back form for
editors, and for a draft sent back, the editor's note."""

import pytest

from blog.models import Post
from review import actions
from revisions import changes
from revisions.models import PostRevision
from tests.factories import PostFactory
from tests.queries import queries_to_get

from .conftest import editor_form, send_back_url, update_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(contributor) -> Post:
    """A submission with the revision a real one has."""
    post = PostFactory(author=contributor, title="Connie on chamomile", status=Post.Status.REVIEW)
    changes.record(post, contributor, PostRevision.Kind.SUBMITTED)
    return post


def test_editors_see_who_submitted_it_and_the_send_back_form(editor_client, contributor, submitted):
    html = editor_client.get(update_url(submitted)).text

    assert f"Submitted for review by {contributor.byline} on" in html
    assert f'<form method="post" action="{send_back_url(submitted)}"' in html
    assert 'name="note"' in html
    assert f'<input type="hidden" name="version" value="{submitted.version}"' in html


def test_the_contributor_sees_it_is_waiting_without_the_form(contributor_client, submitted):
    html = contributor_client.get(update_url(submitted)).text

    assert "Submitted for review by" in html
    assert "An editor will publish it or send it back" in html
    assert send_back_url(submitted) not in html


def test_the_note_stays_on_the_draft_until_it_is_submitted_again(
    editor, contributor_client, submitted
):
    actions.send_back(submitted, editor, "Say where the tea comes from.", submitted.version)

    page = contributor_client.get(update_url(submitted)).text
    assert "An editor sent this back: Say where the tea comes from." in page

    # Saving the draft keeps the note in view.
    contributor_client.post(update_url(submitted), editor_form(submitted, body="Darjeeling."))
    assert "An editor sent this back:" in contributor_client.get(update_url(submitted)).text

    contributor_client.post(update_url(submitted), editor_form(submitted, status="review"))
    page = contributor_client.get(update_url(submitted)).text
    assert "An editor sent this back:" not in page
    assert "Submitted for review by" in page


def test_a_published_post_and_a_plain_draft_have_no_panel(editor_client, contributor):
    for status in (Post.Status.PUBLISHED, Post.Status.DRAFT):
        post = PostFactory(author=contributor, status=status)
        html = editor_client.get(update_url(post)).text
        assert "review-panel" not in html


def test_the_panel_costs_at_most_one_query(editor_client, contributor, submitted):
    published = PostFactory(author=contributor, status=Post.Status.PUBLISHED)
    without_panel = queries_to_get(editor_client, update_url(published))

    assert queries_to_get(editor_client, update_url(submitted)) <= without_panel + 1


def test_a_refused_save_still_shows_the_panel_of_the_saved_status(editor_client, submitted):
    # Validation writes the typed status into the post; the panel goes by the saved one.
    response = editor_client.post(
        update_url(submitted), editor_form(submitted, title="", status="published")
    )

    assert response.status_code == 200
    assert send_back_url(submitted) in response.text
