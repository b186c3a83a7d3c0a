"""The migration that makes search read the rendered post: posts written before it are found
by the words readers read, and quoted without their Markdown."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from blog.models import Post
from blog.search import headlines, search
from tests.factories import PostFactory

pytestmark = pytest.mark.every_backend

BEFORE = ("blog", "0006_post_full_text_search")


def migrate_to(*targets) -> None:
    MigrationExecutor(connection).migrate(list(targets))


@pytest.fixture
def post_from_before(transactional_db):
    """A published post as it was stored before blog/0007, then the latest schema."""
    # "lighthouse" is only in the Markdown source: the title of a link, which readers never read.
    post = PostFactory(
        title="Old notes",
        body='Fish & chips by the **harbour** at [dawn](https://example.org/x "lighthouse").',
    )
    migrate_to(BEFORE)
    # What 0006's schema held: an excerpt with the HTML's entities still encoded.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE blog_post SET excerpt = %s WHERE id = %s",
            ["Fish &amp; chips by the harbour at dawn.", post.pk],
        )
    yield post
    migrate_to(*MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_posts_from_before_are_searched_by_their_rendered_text(post_from_before):
    migrate_to(*MigrationExecutor(connection).loader.graph.leaf_nodes())

    post = Post.objects.get(pk=post_from_before.pk)
    assert post.body_text == "Fish & chips by the harbour at dawn."
    assert post.excerpt == "Fish & chips by the harbour at dawn."
    assert list(search("harbour")) == [post]
    assert list(search("lighthouse")) == []
    assert "chips by the <mark>harbour</mark> at dawn" in headlines("harbour", [post])[post.pk]


def test_a_draft_from_before_is_never_found(post_from_before):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE blog_post SET status = 'draft' WHERE id = %s", [post_from_before.pk])

    migrate_to(*MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert list(search("harbour")) == []


# What 0006's index finds for a word, read as 0006 wrote it.
MATCHES_BEFORE = {
    "sqlite": "SELECT rowid FROM blog_post_fts WHERE blog_post_fts MATCH %s",
    "postgresql": "SELECT id FROM blog_post WHERE search_vector @@ plainto_tsquery('english', %s)",
}


def test_going_back_indexes_the_markdown_again(post_from_before):
    with connection.cursor() as cursor:
        cursor.execute(MATCHES_BEFORE[connection.vendor], ["lighthouse"])
        assert cursor.fetchall() == [(post_from_before.pk,)]
