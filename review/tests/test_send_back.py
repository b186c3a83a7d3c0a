"""Sending a submission back: editors only, a post in review only, over the version the
editor read, with a note. Every refusal changes nothing and sends no e-mail."""

import pytest
from django.core import mail
from django.test import Client

from blog.models import Post
from review.forms import NOTE_MAX_LENGTH
from team.roles import Role
from tests.clients import signed_in
from tests.factories import PostFactory, UserFactory

from .conftest import send_back_url, snapshot

pytestmark = pytest.mark.django_db

NOTE = "Say where the tea comes from."


def send_back(client: Client, post: Post, **data):
    return client.post(send_back_url(post), {"note": NOTE, "version": post.version, **data})


class TestWhoMaySendBack:
    @pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.AUTHOR])
    def test_a_non_editor_is_refused_and_nothing_changes(self, role, submission):
        before = snapshot(submission)

        response = send_back(signed_in(UserFactory(role=role)), submission)

        assert response.status_code == 403
        assert snapshot(submission) == before
        assert mail.outbox == []

    def test_the_contributor_cannot_send_back_their_own_submission(
        self, contributor_client, submission
    ):
        before = snapshot(submission)

        assert send_back(contributor_client, submission).status_code == 403
        assert snapshot(submission) == before

    def test_an_anonymous_visitor_is_sent_to_sign_in(self, submission):
        before = snapshot(submission)

        response = send_back(Client(), submission)

        assert response.status_code == 302
        assert response["Location"] == f"/cadmin/login/?next={send_back_url(submission)}"
        assert snapshot(submission) == before

    @pytest.mark.parametrize("who", ["administrator", "superuser"])
    def test_administrators_may_send_back(self, request, who, submission):
        response = send_back(signed_in(request.getfixturevalue(who)), submission)

        assert response.status_code == 302
        submission.refresh_from_db()
        assert submission.status == Post.Status.DRAFT

    def test_a_get_changes_nothing(self, editor_client, submission):
        before = snapshot(submission)

        assert editor_client.get(send_back_url(submission)).status_code == 405
        assert snapshot(submission) == before

    def test_a_post_in_the_trash_is_not_found(self, editor_client, submission):
        Post.objects.filter(pk=submission.pk).update(deleted_at="2030-01-01T00:00Z")

        assert send_back(editor_client, submission).status_code == 404

    def test_the_csrf_token_is_required(self, csrf_client, editor, submission):
        csrf_client.force_login(editor)
        before = snapshot(submission)

        assert send_back(csrf_client, submission).status_code == 403
        assert snapshot(submission) == before


class TestWhatMayBeSentBack:
    @pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PUBLISHED])
    def test_a_post_not_in_review_is_refused(self, editor_client, contributor, status):
        post = PostFactory(author=contributor, status=status)
        before = snapshot(post)

        response = send_back(editor_client, post)

        assert response.status_code == 400
        assert "is not waiting for review" in response.text
        assert NOTE in response.text  # what the editor typed is not lost
        assert snapshot(post) == before
        assert mail.outbox == []

    def test_a_post_changed_since_the_editor_read_it_is_refused(
        self, editor_client, contributor_client, submission
    ):
        read_version = submission.version
        Post.objects.filter(pk=submission.pk).update(version=read_version + 1)
        before = snapshot(submission)

        response = send_back(editor_client, submission, version=read_version)

        assert response.status_code == 409
        assert "changed since you opened it" in response.text
        assert "Nothing was sent back" in response.text
        assert NOTE in response.text
        assert snapshot(submission) == before
        assert mail.outbox == []

    def test_a_version_the_post_never_had_is_refused(self, editor_client, submission):
        before = snapshot(submission)

        response = send_back(editor_client, submission, version=submission.version + 5)

        assert response.status_code == 409
        assert snapshot(submission) == before

    @pytest.mark.parametrize("version", ["", "zero", "0", "-1"])
    def test_a_missing_or_broken_version_is_refused(self, editor_client, submission, version):
        before = snapshot(submission)

        response = send_back(editor_client, submission, version=version)

        assert response.status_code == 400
        assert "That form was not complete, so nothing was sent back." in response.text
        assert snapshot(submission) == before


class TestTheNote:
    @pytest.mark.parametrize("note", ["", "   \n  "])
    def test_an_empty_note_is_refused_with_a_message(self, editor_client, submission, note):
        before = snapshot(submission)

        response = send_back(editor_client, submission, note=note)

        assert response.status_code == 400
        assert "Write a note: the author needs to know what to change." in response.text
        assert snapshot(submission) == before
        assert mail.outbox == []

    def test_a_note_too_long_is_refused_and_kept(self, editor_client, submission):
        note = "x" * (NOTE_MAX_LENGTH + 1)
        before = snapshot(submission)

        response = send_back(editor_client, submission, note=note)

        assert response.status_code == 400
        assert f"Keep the note to {NOTE_MAX_LENGTH} characters (it has {len(note)})." in (
            response.text
        )
        assert note in response.text
        assert snapshot(submission) == before

    def test_the_note_is_kept_as_written_and_escaped_on_the_page(
        self, editor_client, contributor_client, submission
    ):
        note = '<script>alert("x")</script> & more'

        send_back(editor_client, submission, note=note)

        assert submission.revisions.get().note == note
        page = contributor_client.get(f"/cadmin/post/update/{submission.pk}/").text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page


class TestWhatSendingBackDoes:
    def test_the_contributor_is_e_mailed_the_note(self, editor_client, contributor, submission):
        send_back(editor_client, submission)

        [message] = mail.outbox
        assert message.to == [contributor.email]
        assert message.subject == "Your post “Connie on chamomile” was sent back"
        assert NOTE in message.body
        assert f"http://testserver/cadmin/post/update/{submission.pk}/" in message.body

    def test_a_contributor_without_an_address_is_not_e_mailed(self, editor_client, submission):
        submission.author.email = ""
        submission.author.save()

        assert send_back(editor_client, submission).status_code == 302
        assert mail.outbox == []

    def test_it_takes_the_next_version_and_leaves_the_content_alone(
        self, editor_client, editor, submission
    ):
        title, body, version = submission.title, submission.body, submission.version

        send_back(editor_client, submission)

        submission.refresh_from_db()
        assert (submission.title, submission.body) == (title, body)
        assert submission.version == version + 1
        revision = submission.revisions.get()
        assert (revision.version, revision.editor, revision.status) == (
            version + 1,
            editor,
            Post.Status.DRAFT,
        )

    def test_a_second_send_back_of_the_same_read_is_refused(self, editor_client, submission):
        read_version = submission.version
        assert send_back(editor_client, submission).status_code == 302

        response = send_back(editor_client, submission, version=read_version)

        assert response.status_code == 409
        assert len(mail.outbox) == 1
