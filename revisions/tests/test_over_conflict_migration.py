"""The migration that notes "Save mine anyway" beside the kind of change: a save kept over a
newer version before it gets the kind its save had, so a submission kept so joins the queue."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from blog.models import Post
from review.queue import waiting
from tests.factories import PostFactory

pytestmark = pytest.mark.every_backend

BEFORE = ("revisions", "0003_review_kinds_note")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def migrate_to(*targets) -> None:
    MigrationExecutor(connection).migrate(list(targets))


def migrate_to_latest() -> None:
    migrate_to(*MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def revision_before(transactional_db):
    """Writes a revision as 0003's schema held it, then back to the latest schema."""
    migrate_to(BEFORE)
    model = (
        MigrationExecutor(connection)
        .loader.project_state(BEFORE)
        .apps.get_model("revisions", "PostRevision")
    )

    def write(post: Post, version: int, kind: str, status: str, hours: int) -> None:
        model.objects.create(
            post_id=post.pk,
            version=version,
            kind=kind,
            title=post.title,
            body=post.body,
            status=status,
            created=MONDAY + timedelta(hours=hours),
        )

    yield write
    migrate_to_latest()


def kinds(post: Post) -> list[tuple[int, str, bool]]:
    return list(post.revisions.values_list("version", "kind", "over_conflict"))


def test_a_submission_kept_over_a_conflict_becomes_a_submission(revision_before):
    post = PostFactory(status=Post.Status.REVIEW, title="Kept and submitted")
    revision_before(post, 1, "created", "draft", hours=0)
    revision_before(post, 2, "saved", "draft", hours=1)
    revision_before(post, 3, "kept_over_conflict", "review", hours=2)
    revision_before(post, 4, "saved", "review", hours=5)  # an editor's typo fix

    migrate_to_latest()

    assert kinds(post) == [
        (4, "saved", False),
        (3, "submitted", True),
        (2, "saved", False),
        (1, "created", False),
    ]
    assert waiting().get(pk=post.pk).submitted_at == MONDAY + timedelta(hours=2)


@pytest.mark.parametrize(
    ("was", "now", "kind"),
    [
        ("draft", "draft", "saved"),
        ("draft", "published", "published"),
        ("published", "draft", "unpublished"),
        ("review", "review", "saved"),
    ],
)
def test_other_saves_kept_over_a_conflict_get_the_kind_their_save_had(
    revision_before, was, now, kind
):
    post = PostFactory(status=now)
    revision_before(post, 1, "created", was, hours=0)
    revision_before(post, 2, "kept_over_conflict", now, hours=1)

    migrate_to_latest()

    assert kinds(post) == [(2, kind, True), (1, "created", False)]


def test_going_back_makes_them_a_kind_of_their_own_again(revision_before):
    post = PostFactory(status=Post.Status.REVIEW)
    revision_before(post, 1, "created", "draft", hours=0)
    revision_before(post, 2, "kept_over_conflict", "review", hours=1)
    migrate_to_latest()

    migrate_to(BEFORE)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, kind FROM revisions_postrevision WHERE post_id = %s ORDER BY version",
            [post.pk],
        )
        assert cursor.fetchall() == [(1, "created"), (2, "kept_over_conflict")]
