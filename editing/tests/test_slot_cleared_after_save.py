"""A real save of the post ends its author's unsaved changes; a refused save keeps them."""

import pytest

from blog.models import Post
from editing.models import Autosave
from tests.clients import signed_in
from tests.editor_forms import editor_form

from .conftest import ADD_AUTOSAVE_URL, ADD_URL, autosave_url, editor_url

pytestmark = pytest.mark.django_db


def test_saving_the_post_deletes_the_authors_slot(author_client, post):
    author_client.post(autosave_url(post), editor_form(post, body="Unsaved words."))

    response = author_client.post(editor_url(post), editor_form(post, body="Unsaved words."))

    assert response.status_code == 302
    assert not Autosave.objects.exists()
    post.refresh_from_db()
    assert post.body == "Unsaved words."


def test_saving_keeps_the_slots_of_other_editors(author_client, superuser, post):
    signed_in(superuser).post(autosave_url(post), editor_form(post, body="Root's words."))
    author_client.post(autosave_url(post), editor_form(post, body="Alice's words."))

    author_client.post(editor_url(post), editor_form(post, body="Alice's words."))

    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["root"]


def test_a_refused_save_keeps_the_slot(author_client, post):
    author_client.post(autosave_url(post), editor_form(post, body="Unsaved words."))

    response = author_client.post(editor_url(post), editor_form(post, title=""))

    assert response.status_code == 200  # the form again, with its error
    assert Autosave.objects.get().body == "Unsaved words."


def test_adding_a_post_deletes_the_new_post_slot(author_client, category):
    author_client.post(ADD_AUTOSAVE_URL, {"title": "Half", "body": "Written"})

    response = author_client.post(
        ADD_URL, {"title": "Whole", "body": "Written", "category": category.pk, "status": "draft"}
    )

    assert response.status_code == 302
    assert Post.objects.get().title == "Whole"
    assert not Autosave.objects.exists()


def test_adding_a_post_keeps_the_drafts_of_existing_posts(author_client, post, category):
    author_client.post(autosave_url(post), editor_form(post, body="Unsaved words."))

    author_client.post(
        ADD_URL, {"title": "Another", "body": "Text", "category": category.pk, "status": "draft"}
    )

    assert Autosave.objects.get().post == post
