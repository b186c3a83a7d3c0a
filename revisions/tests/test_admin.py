"""A change made in Django admin takes the next version and leaves a revision too."""

import pytest

from revisions.models import PostRevision
from tests.clients import signed_in
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_a_new_version_with_its_revision(superuser, author):
    post = PostFactory(author=author, title="Before", status="draft", category=None)

    response = signed_in(superuser).post(
        f"/admin/blog/post/{post.pk}/change/",
        {
            "title": "Edited in admin",
            "body": post.body,
            "author": author.pk,
            "status": "published",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    post.refresh_from_db()
    assert (post.title, post.version) == ("Edited in admin", 2)
    revision = post.revisions.get()
    assert (revision.version, revision.kind, revision.editor) == (
        2,
        PostRevision.Kind.PUBLISHED,
        superuser,
    )


def test_the_admin_lists_a_posts_revisions(superuser, author):
    post = PostFactory(author=author, title="Listed")
    PostRevision.objects.create(post=post, version=1, kind="created", title="Listed", body="x")

    html = signed_in(superuser).get(f"/admin/blog/post/{post.pk}/change/").text

    assert "Post revisions" in html
    assert "Created" in html
