"""An author's own excerpt: on list cards and in link previews instead of the first words."""

import pytest
from django.test import Client

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

FIRST_WORDS = "These are the first words of the body, which a list would otherwise show."


def test_an_authors_excerpt_is_shown_on_lists_and_in_link_previews(author):
    post = PostFactory(
        author=author, body=FIRST_WORDS, custom_excerpt="  A walk,\n in short. ", status="published"
    )

    assert post.excerpt == "A walk, in short."
    listing = Client().get("/").text
    page = Client().get(post.get_absolute_url()).text
    assert "<p>A walk, in short.</p>" in listing
    assert FIRST_WORDS not in listing
    assert '<meta name="description" content="A walk, in short.">' in page
    assert '<meta property="og:description" content="A walk, in short.">' in page


def test_without_one_the_excerpt_is_the_first_words(author):
    post = PostFactory(author=author, body=FIRST_WORDS, status="published")

    assert post.excerpt == FIRST_WORDS
    assert f"<p>{FIRST_WORDS}</p>" in Client().get("/").text


def test_the_editor_saves_the_excerpt(author, author_client):
    post = PostFactory(author=author, status="draft")

    response = author_client.post(
        f"/cadmin/post/update/{post.pk}/",
        {
            "title": post.title,
            "body": post.body,
            "custom_excerpt": "Short and sweet.",
            "status": "draft",
            "version": post.version,
        },
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.custom_excerpt, post.excerpt) == ("Short and sweet.", "Short and sweet.")
