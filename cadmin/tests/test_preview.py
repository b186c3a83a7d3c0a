"""Preview: the editor's form drawn as readers will see the post, never saved."""

import pytest

from blog.models import Post
from tests.clients import signed_in
from tests.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(author):
    return PostFactory(author=author, title="Saved title", body="Saved *body*", status="draft")


def test_the_editor_has_a_preview_button_that_needs_no_script(author_client, post):
    html = author_client.get(f"/cadmin/post/update/{post.pk}/").text

    assert (
        f'formaction="/cadmin/post/{post.pk}/preview/" formtarget="_blank">Preview</button>' in html
    )
    assert 'formaction="/cadmin/post/preview/"' in author_client.get("/cadmin/post/add/").text


def test_a_preview_draws_the_unsaved_text_as_readers_see_it(author_client, post):
    tag = TagFactory(name="honey")
    response = author_client.post(
        f"/cadmin/post/{post.pk}/preview/",
        {
            "title": "Unsaved title",
            "body": "New **bold** words <script>alert(1)</script>",
            "status": "published",
            "tags": [tag.pk],
            "version": post.version,
        },
    )

    assert response.status_code == 200
    html = response.text
    assert "<h1>Unsaved title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)</script>" not in html  # the readers' sanitiser
    assert "#honey" in html
    assert "Preview: this is the post as readers will see it." in html
    assert 'class="post-body"' in html
    post.refresh_from_db()
    assert (post.title, post.body, post.status, post.version) == (
        "Saved title",
        "Saved *body*",
        "draft",
        1,
    )


def test_a_preview_of_a_new_post_saves_nothing(author_client):
    response = author_client.post(
        "/cadmin/post/preview/", {"title": "Never saved", "body": "Words", "status": "draft"}
    )

    assert response.status_code == 200
    assert "<h1>Never saved</h1>" in response.text
    assert not Post.objects.exists()


def test_a_preview_of_an_incomplete_form_says_what_is_missing(author_client):
    response = author_client.post("/cadmin/post/preview/", {"title": "", "body": "Words"})

    assert response.status_code == 400
    assert "Title: This field is required." in response.text


def test_another_authors_post_cannot_be_previewed(other_author, post):
    response = signed_in(other_author).post(
        f"/cadmin/post/{post.pk}/preview/", {"title": "X", "body": "Y", "status": "draft"}
    )

    assert response.status_code == 404


def test_a_preview_by_get_is_refused(author_client):
    assert author_client.get("/cadmin/post/preview/").status_code == 405
