"""Discarding unsaved changes: a plain form, back to the editor; only one's own slot goes."""

import pytest

from editing.models import Autosave
from tests.clients import signed_in
from tests.editor_forms import editor_form

from .conftest import (
    ADD_AUTOSAVE_URL,
    ADD_DISCARD_URL,
    ADD_URL,
    autosave_url,
    discard_url,
    editor_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def autosaved(author_client, post):
    author_client.post(autosave_url(post), editor_form(post, body="Unsaved words."))
    return Autosave.objects.get()


def test_discard_forgets_the_slot_and_goes_back_to_the_editor(author_client, post, autosaved):
    response = author_client.post(discard_url(post), follow=True)

    assert response.redirect_chain == [(editor_url(post), 302)]
    assert "Your unsaved changes were discarded." in response.text
    assert "data-server-offer" not in response.text
    assert not Autosave.objects.exists()


def test_discard_leaves_the_post_as_it_was(author_client, post, autosaved):
    updated = post.updated

    author_client.post(discard_url(post))

    post.refresh_from_db()
    assert (post.body, post.updated) == ("Water them every morning.", updated)


def test_the_editors_script_gets_json_and_stays_on_the_page(author_client, post, autosaved):
    response = author_client.post(discard_url(post), headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert response.json() == {"discarded": True}
    assert not Autosave.objects.exists()


def test_discard_in_the_new_post_editor(author_client):
    author_client.post(ADD_AUTOSAVE_URL, {"title": "Half", "body": ""})

    response = author_client.post(ADD_DISCARD_URL)

    assert response.headers["Location"] == ADD_URL
    assert not Autosave.objects.exists()


def test_discard_leaves_other_peoples_slots(author_client, superuser, post, autosaved):
    signed_in(superuser).post(autosave_url(post), editor_form(post, body="Root's words."))

    author_client.post(discard_url(post))

    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["root"]


def test_discarding_on_another_authors_post_is_a_404_and_keeps_the_slot(
    other_author, post, autosaved
):
    response = signed_in(other_author).post(discard_url(post))

    assert response.status_code == 404
    assert Autosave.objects.filter(pk=autosaved.pk).exists()


def test_signed_out_discard_goes_to_the_sign_in_page(client, post, autosaved):
    response = client.post(discard_url(post))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/cadmin/login/")
    assert Autosave.objects.exists()


def test_a_get_discards_nothing(author_client, post, autosaved):
    assert author_client.get(discard_url(post)).status_code == 405
    assert Autosave.objects.exists()


def test_without_the_csrf_token_nothing_is_discarded(csrf_client, author, post, autosaved):
    csrf_client.force_login(author)

    response = csrf_client.post(discard_url(post))

    assert response.status_code == 403
    assert Autosave.objects.exists()
