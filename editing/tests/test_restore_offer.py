"""The editor offers unsaved changes back, and `?restore=autosave` fills the form with them."""

from datetime import UTC, datetime

import pytest
import time_machine

from editing.models import Autosave
from tests.clients import signed_in
from tests.editor_forms import editor_form
from tests.factories import PostFactory, TagFactory
from tests.queries import queries_to_get

from .conftest import ADD_AUTOSAVE_URL, ADD_URL, autosave_url, editor_url

pytestmark = pytest.mark.django_db

WRITTEN = datetime(2025, 5, 1, 11, 0, tzinfo=UTC)
AUTOSAVED = datetime(2025, 5, 1, 12, 3, tzinfo=UTC)
OFFER = "Restore your unsaved changes from 12:03"


@pytest.fixture
def post(author, category):
    with time_machine.travel(WRITTEN, tick=False):
        return PostFactory(
            author=author, title="Planting tomatoes", body="Water them.", category=category
        )


def offers_a_restore(response) -> bool:
    # The page always carries the (hidden) offer of a browser copy for its script.
    return "data-server-offer" in response.text


def autosave(client, url: str, data: dict) -> None:
    with time_machine.travel(AUTOSAVED, tick=False):
        assert client.post(url, data).status_code == 200


class TestRestoreOffer:
    def test_newer_unsaved_changes_are_offered_with_their_time(self, author_client, post):
        autosave(author_client, autosave_url(post), editor_form(post, body="Water them twice."))

        response = author_client.get(editor_url(post))

        assert OFFER in response.text
        assert 'href="?restore=autosave">Restore</a>' in response.text
        assert f'action="/cadmin/post/{post.pk}/autosave/discard/"' in response.text
        assert ">Discard</button>" in response.text

    def test_the_form_shows_the_saved_post_until_restore_is_chosen(self, author_client, post):
        autosave(author_client, autosave_url(post), editor_form(post, body="Water them twice."))

        form = author_client.get(editor_url(post)).context["form"]

        assert form["body"].value() == "Water them."

    def test_no_offer_without_an_autosave(self, author_client, post):
        assert not offers_a_restore(author_client.get(editor_url(post)))

    def test_no_offer_when_the_post_was_saved_after_the_autosave(self, author_client, post):
        autosave(author_client, autosave_url(post), editor_form(post, body="Water them twice."))
        post.title = "Saved later"
        post.save()  # by someone else, say: their slot stays, but it is older now

        assert not offers_a_restore(author_client.get(editor_url(post)))

    def test_no_offer_when_the_autosave_says_what_the_post_says(self, author_client, post):
        autosave(author_client, autosave_url(post), editor_form(post))

        assert not offers_a_restore(author_client.get(editor_url(post)))

    def test_a_different_tag_is_a_difference(self, author_client, post, tag):
        autosave(author_client, autosave_url(post), editor_form(post, tags=[tag.pk]))

        assert OFFER in author_client.get(editor_url(post)).text

    def test_nobody_is_offered_someone_elses_unsaved_changes(self, author_client, superuser, post):
        autosave(author_client, autosave_url(post), editor_form(post, body="Alice's draft"))

        response = signed_in(superuser).get(editor_url(post))

        assert not offers_a_restore(response)
        assert "Alice's draft" not in response.text

    def test_the_new_post_editor_offers_any_draft(self, author_client):
        autosave(author_client, ADD_AUTOSAVE_URL, {"title": "Half a post", "body": ""})

        assert OFFER in author_client.get(ADD_URL).text

    def test_the_new_post_editor_does_not_offer_an_empty_draft(self, author_client):
        autosave(author_client, ADD_AUTOSAVE_URL, {"title": "", "body": ""})

        assert not offers_a_restore(author_client.get(ADD_URL))


class TestRestore:
    def test_restore_fills_the_form_from_the_autosave(self, author_client, post, tag):
        autosave(
            author_client,
            autosave_url(post),
            editor_form(post, title="Tomatoes", body="Water them twice.", tags=[tag.pk]),
        )

        response = author_client.get(editor_url(post), {"restore": "autosave"})

        form = response.context["form"]
        assert form["title"].value() == "Tomatoes"
        assert form["body"].value() == "Water them twice."
        assert [str(pk) for pk in form["tags"].value()] == [str(tag.pk)]
        assert "Water them twice.</textarea>" in response.text
        assert "Restored your unsaved changes from 12:03." in response.text
        assert OFFER not in response.text

    def test_restore_saves_nothing(self, author_client, post):
        autosave(author_client, autosave_url(post), editor_form(post, body="Water them twice."))
        updated = post.updated

        author_client.get(editor_url(post), {"restore": "autosave"})

        post.refresh_from_db()
        assert (post.body, post.updated) == ("Water them.", updated)
        assert Autosave.objects.get().body == "Water them twice."

    def test_restore_keeps_the_version_the_post_is_at(self, author_client, post):
        autosave(author_client, autosave_url(post), editor_form(post, body="Water them twice."))

        form = author_client.get(editor_url(post), {"restore": "autosave"}).context["form"]

        assert form["version"].value() == post.version

    def test_restore_without_an_autosave_shows_the_post(self, author_client, post):
        response = author_client.get(editor_url(post), {"restore": "autosave"})

        assert response.status_code == 200
        assert response.context["form"]["body"].value() == "Water them."

    def test_restore_in_the_new_post_editor(self, author_client):
        autosave(author_client, ADD_AUTOSAVE_URL, {"title": "Half a post", "body": "So far"})

        form = author_client.get(ADD_URL, {"restore": "autosave"}).context["form"]

        assert (form["title"].value(), form["body"].value()) == ("Half a post", "So far")

    def test_another_authors_post_stays_a_404(self, other_author, post):
        response = signed_in(other_author).get(editor_url(post), {"restore": "autosave"})

        assert response.status_code == 404


class TestEditorQueries:
    def test_the_editor_costs_the_same_with_an_offer_of_many_tags(
        self, author_client, post, django_assert_max_num_queries
    ):
        tags = [TagFactory().pk for _ in range(10)]
        baseline = queries_to_get(author_client, editor_url(post))
        autosave(author_client, autosave_url(post), editor_form(post, tags=tags))

        with django_assert_max_num_queries(baseline + 3):  # the slot, its tags, the post's tags
            response = author_client.get(editor_url(post))
        assert OFFER in response.text


def test_times_are_shown_in_the_sites_time_zone(author_client, post, settings):
    settings.TIME_ZONE = "Europe/Paris"  # UTC+2 in May
    autosave(author_client, autosave_url(post), editor_form(post, body="Water them twice."))

    response = author_client.get(editor_url(post))

    assert "Restore your unsaved changes from 14:03" in response.text


class TestRestoredTextKeepsItsVersion:
    def test_saving_restored_text_over_a_newer_save_is_a_conflict(
        self, author_client, superuser, post
    ):
        autosave(author_client, autosave_url(post), editor_form(post, body="Typed on version 1."))
        newer = signed_in(superuser).post(editor_url(post), editor_form(post, title="Renamed"))
        assert newer.status_code == 302

        restored = author_client.get(editor_url(post), {"restore": "autosave"})
        assert restored.context["form"]["version"].value() == 1
        response = author_client.post(
            editor_url(post), editor_form(post, body="Typed on version 1.", version=1)
        )

        assert response.status_code == 409
        post.refresh_from_db()
        assert (post.title, post.body, post.version) == ("Renamed", "Water them.", 2)
