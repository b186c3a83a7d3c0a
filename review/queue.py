"""The review queue: contributors' submissions waiting for an editor."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from blog.models import Post
from revisions.models import PostRevision
from team import roles

# The dashboard home shows the longest-waiting few; the queue page shows them all.
SHOWN_ON_HOME = 5


def waiting() -> QuerySet[Post]:
    """Posts in review, longest waiting first, each with `submitted_at` and its author, in one
    query. The time is the post's last submission, not its last save: an editor fixing a typo
    in a submission must not send it to the back of the queue."""
    last_submitted = (
        PostRevision.objects.filter(post=OuterRef("pk"), kind=PostRevision.Kind.SUBMITTED)
        .order_by("-version")
        .values("created")[:1]
    )
    return (
        Post.objects.in_review()
        .select_related("author", "category")
        .annotate(submitted_at=Coalesce(Subquery(last_submitted), "updated"))
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class QueueSummary:
    """What the dashboard home shows an editor: how many wait, and the first few."""

    count: int
    first: QuerySet[Post]


def summary_for(user) -> QueueSummary | None:
    """Two queries for an editor, whatever the length of the queue; none for anyone else."""
    if not roles.edits_every_post(user):
        return None
    posts = waiting()
    return QueueSummary(count=posts.count(), first=posts[:SHOWN_ON_HOME])
