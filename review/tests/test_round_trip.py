"""A submission's whole way: submitted, sent back with a note, submitted again, published,
each step through the pages a contributor and an editor really use."""

import pytest
from django.core import mail
from django.test import Client

from blog.models import Post
from revisions.models import PostRevision
from tests.factories import PostFactory

from .conftest import HOME_URL, QUEUE_URL, editor_form, send_back_url, update_url

pytestmark = pytest.mark.django_db

ADD_URL = "/cadmin/post/add/"
NOTE = "The second half repeats the first.\nCut it, and say where the tea comes from."


def submit_new_post(client: Client) -> Post:
    response = client.post(
        ADD_URL,
        {"title": "Connie on chamomile", "body": "Chamomile is a flower.", "status": "review"},
    )
    assert response.status_code == 302
    return Post.objects.get(title="Connie on chamomile")


def latest_revision(post: Post) -> PostRevision:
    return post.revisions.select_related("editor").first()


def mail_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_submission_is_sent_back_then_published(
    contributor_client, editor_client, contributor, editor
):
    # The contributor submits a new post for review.
    post = submit_new_post(contributor_client)
    assert post.status == Post.Status.REVIEW
    assert latest_revision(post).kind == PostRevision.Kind.SUBMITTED

    # Editors see it waiting on their home, counted.
    home = editor_client.get(HOME_URL).text
    assert "Waiting for review (1)" in home
    assert f'<a href="{update_url(post)}">Connie on chamomile</a>' in home
    assert contributor.byline in home

    # The editor opens it and sends it back with a note.
    editor_page = editor_client.get(update_url(post)).text
    assert f"Submitted for review by {contributor.byline} on" in editor_page
    assert f'action="{send_back_url(post)}"' in editor_page
    response = editor_client.post(send_back_url(post), {"note": NOTE, "version": post.version})
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    assert "was sent back to" in editor_client.get(QUEUE_URL).text

    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    sent_back = latest_revision(post)
    assert (sent_back.kind, sent_back.note, sent_back.editor) == (
        PostRevision.Kind.SENT_BACK,
        NOTE,
        editor,
    )
    [message] = mail_to(contributor.email)
    assert message.subject == "Your post “Connie on chamomile” was sent back"
    assert NOTE in message.body
    assert f"http://testserver{update_url(post)}" in message.body
    assert "Waiting for review (0)" in editor_client.get(HOME_URL).text

    # The contributor reads the note in the editor, and submits again.
    page = contributor_client.get(update_url(post)).text
    assert "An editor sent this back:" in page
    assert "The second half repeats the first.<br>Cut it" in page
    response = contributor_client.post(update_url(post), editor_form(post, status="review"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.REVIEW
    assert "An editor sent this back:" not in contributor_client.get(update_url(post)).text

    # The editor publishes it from the post editor.
    response = editor_client.post(update_url(post), editor_form(post, status="published"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_live
    [_, published] = mail_to(contributor.email)
    assert published.subject == "Your post “Connie on chamomile” was published"
    assert f"http://testserver{post.get_absolute_url()}" in published.body

    # Readers see it.
    reader = Client()
    assert reader.get(post.get_absolute_url()).status_code == 200
    assert "Connie on chamomile" in reader.get("/").text


def test_a_submission_scheduled_by_an_editor_tells_the_contributor_when(
    contributor_client, editor_client, contributor
):
    post = submit_new_post(contributor_client)

    response = editor_client.post(
        update_url(post),
        editor_form(post, status="published", published_at="2031-03-04T09:30"),
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_scheduled
    [message] = mail_to(contributor.email)
    assert (
        message.subject
        == "Your post “Connie on chamomile” was scheduled for 4 March 2031, 09:30 UTC"
    )
    assert "readers will see it from 4 March 2031, 09:30 UTC" in message.body
    assert Client().get(post.get_absolute_url()).status_code == 404


def test_a_new_submission_is_e_mailed_to_each_editor_once(
    contributor_client, editor, administrator, superuser, author, other_author
):
    submit_new_post(contributor_client)

    submitted = [m for m in mail.outbox if m.subject == "New submission: Connie on chamomile"]
    assert sorted(address for m in submitted for address in m.to) == sorted(
        [editor.email, administrator.email, superuser.email]
    )
    assert all(len(m.to) == 1 for m in submitted)  # nobody sees another editor's address
    assert "http://testserver/cadmin/review/" in submitted[0].body


def test_resubmitting_a_sent_back_draft_tells_the_editors_again(
    contributor_client, editor, submission
):
    submission.status = Post.Status.DRAFT
    submission.save()

    response = contributor_client.post(
        update_url(submission), editor_form(submission, status="review")
    )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_saving_a_submission_still_in_review_tells_nobody(editor_client, editor, submission):
    response = editor_client.post(
        update_url(submission), editor_form(submission, title="Connie on camomile")
    )

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.in_review
    assert mail.outbox == []


def test_an_editor_publishing_a_draft_that_was_never_submitted_tells_nobody(
    editor_client, contributor
):
    draft = PostFactory(author=contributor, status=Post.Status.DRAFT)

    response = editor_client.post(update_url(draft), editor_form(draft, status="published"))

    assert response.status_code == 302
    assert mail.outbox == []
