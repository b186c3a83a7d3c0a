"""The live preview beside the editor's text (`X-Preview: article`): the article alone, drawn
exactly as the published post draws it."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from blog.models import Post
from tests.clients import signed_in
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

ARTICLE = re.compile(r'<article class="post">.*?</article>', re.DOTALL)
BODY = """## A heading

Some **bold** words, a [link](https://example.com/) and `code`.

> A quote

- one
- two

1. first
2. second

---

<script>alert(1)</script> stays text, never a script.
"""


def live_preview(client, url: str, data: dict):
    return client.post(url, data, headers={"X-Preview": "article"})


def test_the_preview_of_a_body_is_the_published_posts_article_exactly(author, author_client):
    tag = TagFactory(name="walks")
    category = CategoryFactory(name="Outdoors")
    post = PostFactory(
        author=author, title="A walk", body=BODY, status="published", category=category
    )
    post.tags.add(tag)
    published = Client().get(post.get_absolute_url()).text

    response = live_preview(
        author_client,
        f"/cadmin/post/{post.pk}/preview/",
        {
            "title": post.title,
            "body": post.body,
            "status": "published",
            "category": category.pk,
            "tags": [tag.pk],
            "published_at": timezone.localtime(post.published_at).strftime("%Y-%m-%dT%H:%M"),
            "version": post.version,
        },
    )

    assert response.status_code == 200
    assert "<html" not in response.text  # the article alone, for the pane beside the text
    (previewed,) = ARTICLE.findall(response.text)
    (read,) = ARTICLE.findall(published)
    assert previewed == read
    assert "<script>" not in previewed


def test_the_live_preview_of_an_incomplete_form_says_what_it_needs(author_client):
    response = live_preview(author_client, "/cadmin/post/preview/", {"title": "", "body": "Hi"})

    assert response.status_code == 200  # a post half written, not a request gone wrong
    assert "<html" not in response.text
    assert "Nothing to preview yet" in response.text
    assert "Title: This field is required." in response.text


def test_the_live_preview_saves_nothing(author_client):
    response = live_preview(
        author_client,
        "/cadmin/post/preview/",
        {"title": "Never", "body": "Words", "status": "draft"},
    )

    assert response.status_code == 200
    assert "<h1>Never</h1>" in response.text
    assert not Post.objects.exists()


def test_the_live_preview_is_for_writers_only(client):
    assert live_preview(client, "/cadmin/post/preview/", {"title": "X"}).status_code == 302
    no_role = signed_in(UserFactory(username="nobody", role=""))
    assert live_preview(no_role, "/cadmin/post/preview/", {"title": "X"}).status_code == 403
