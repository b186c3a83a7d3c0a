"""Two people saving one post: the second save over a newer version is a 409, never an
overwrite, and both texts survive."""

import pytest

from blog.models import Post
from revisions import changes
from revisions.models import PostRevision
from tests.clients import signed_in
from tests.factories import PostFactory

from .editor import edit, opened_version, textarea, update_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(author):
    post = PostFactory(author=author, title="Tea", body="Line one\nLine two", status="draft")
    changes.record(post, author, PostRevision.Kind.CREATED)
    return post


@pytest.fixture
def second_tab(author):
    return signed_in(author)


@pytest.fixture
def racing_saves(author_client, second_tab, superuser, post):
    """Alice and the editor-in-chief open the post; the editor-in-chief saves first."""
    editor = signed_in(superuser)
    alices_version = opened_version(author_client, post)
    editors_version = opened_version(editor, post)
    first = editor.post(
        update_url(post), edit(post, editors_version, body="Line one\nLine 2 by the editor")
    )
    assert first.status_code == 302
    second = author_client.post(
        update_url(post), edit(post, alices_version, body="Line one\nAlice's second line")
    )
    return first, second


class TestTheSecondSaveIsAConflict:
    def test_it_answers_409_and_the_first_text_stays_saved(self, racing_saves, post):
        _, second = racing_saves

        assert second.status_code == 409
        post.refresh_from_db()
        assert post.body == "Line one\nLine 2 by the editor"
        assert post.version == 2

    def test_the_authors_own_text_is_still_in_the_form(self, racing_saves):
        _, second = racing_saves

        assert textarea(second.text, "body") == "Line one\nAlice's second line"

    def test_the_page_shows_what_changed_since_and_who_changed_it(self, racing_saves):
        html = racing_saves[1].text

        assert "Someone else saved this post while you were working" in html
        assert "root: saved" in html
        removed = '<span class="visually-hidden">Removed: </span><del>Line two</del>'
        added = '<span class="visually-hidden">Added: </span><ins>Line 2 by the editor</ins>'
        assert f'<li class="removed">{removed}</li>' in html
        assert f'<li class="added">{added}</li>' in html
        assert (
            'id="saved-body" rows="18" readonly>Line one\nLine 2 by the editor</textarea>' in html
        )

    def test_the_form_now_carries_the_saved_version(self, racing_saves):
        html = racing_saves[1].text

        assert '<input type="hidden" name="version" value="2"' in html
        assert "Save merged text" in html
        assert 'name="save_mine"' in html

    def test_saving_from_the_conflict_page_merges(self, racing_saves, author_client, post):
        merged = edit(post, 2, body="Line one\nLine 2 by the editor\nAlice's second line")

        response = author_client.post(update_url(post), merged)

        assert response.status_code == 302
        post.refresh_from_db()
        assert post.body == "Line one\nLine 2 by the editor\nAlice's second line"
        assert post.version == 3
        assert post.revisions.get(version=3).kind == PostRevision.Kind.SAVED

    def test_save_mine_anyway_is_its_own_revision_and_keeps_the_other_text(
        self, racing_saves, author_client, post
    ):
        mine = edit(post, 2, body="Line one\nAlice's second line", save_mine="1")

        author_client.post(update_url(post), mine)

        post.refresh_from_db()
        assert post.body == "Line one\nAlice's second line"
        revisions = {revision.version: revision for revision in post.revisions.all()}
        assert (revisions[3].kind, revisions[3].over_conflict) == (PostRevision.Kind.SAVED, True)
        assert revisions[2].body == "Line one\nLine 2 by the editor"

    def test_save_mine_anyway_on_a_version_newer_again_is_another_conflict(
        self, racing_saves, author_client, superuser, post
    ):
        signed_in(superuser).post(update_url(post), edit(post, 2, title="Third change"))

        response = author_client.post(update_url(post), edit(post, 2, save_mine="1"))

        assert response.status_code == 409
        assert Post.objects.get(pk=post.pk).title == "Third change"


class TestPublishingIsProtectedToo:
    def test_publishing_over_a_newer_version_is_a_conflict(self, author_client, second_tab, post):
        version = opened_version(author_client, post)
        second_tab.post(update_url(post), edit(post, version, title="Renamed in the other tab"))

        response = author_client.post(update_url(post), edit(post, version, status="published"))

        assert response.status_code == 409
        post.refresh_from_db()
        assert post.status == "draft"
        assert post.title == "Renamed in the other tab"
        changed = "<td><del>Tea</del></td><td><ins>Renamed in the other tab</ins></td>"
        assert f'<th scope="row">Title</th>{changed}' in response.text


class TestDeletingIsProtectedToo:
    def test_deleting_over_a_newer_version_is_a_conflict(self, author_client, second_tab, post):
        version = opened_version(author_client, post)
        second_tab.post(update_url(post), edit(post, version, body="Newer words"))

        response = author_client.post(f"/cadmin/post/delete/{post.pk}/", {"version": version})

        assert response.status_code == 409
        assert "Someone else saved this post while you were working" in response.text
        assert "Move it to the trash anyway" in response.text
        assert Post.objects.get(pk=post.pk).deleted_at is None

    def test_a_delete_without_its_version_deletes_nothing(self, author_client, post):
        response = author_client.post(f"/cadmin/post/delete/{post.pk}/", {"version": "x"})

        assert response.status_code == 400
        assert Post.objects.filter(pk=post.pk).exists()


class TestForgedVersions:
    @pytest.mark.parametrize("version", ["0", "-1", "abc", ""])
    def test_a_version_that_is_no_number_is_a_form_error(self, author_client, post, version):
        response = author_client.post(update_url(post), edit(post, version, body="Forged"))

        assert response.status_code == 200
        assert Post.objects.get(pk=post.pk).body == "Line one\nLine two"
        assert textarea(response.text, "body") == "Forged"

    def test_a_version_from_the_future_is_refused_and_keeps_the_text(self, author_client, post):
        response = author_client.post(update_url(post), edit(post, 99, body="From the future"))

        assert response.status_code == 400
        assert "This form carries a version this post never had" in response.text
        assert textarea(response.text, "body") == "From the future"
        post.refresh_from_db()
        assert (post.body, post.version) == ("Line one\nLine two", 1)
