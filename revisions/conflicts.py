"""What an author is shown when their change lost the race: what changed since the version
they opened, who changed it, and their own text still in the form."""

from dataclasses import dataclass

from blog.models import Post

from .diff import Difference, State, difference
from .models import PostRevision

CONFLICT = 409


@dataclass(frozen=True)
class Conflict:
    current: Post
    latest: PostRevision | None  # who made the version now saved, and when
    changes: Difference | None  # None when the opened version has no revision to compare

    @property
    def is_trashed(self) -> bool:
        return self.current.deleted_at is not None


def version_number(text: str | None) -> int | None:
    """A version number as a form or address gives it, or None if it is not one."""
    try:
        version = int(text or "")
    except ValueError:
        return None
    return version if version >= 1 else None


def seen_version(data) -> int | None:
    """The version a form says it was opened on, or None if it says nothing usable."""
    return version_number(data.get("version"))


def conflict_since(post_pk: int, seen: int) -> Conflict | None:
    """The conflict of a change made on version `seen`; None if the post never had that
    version (a forged or mistyped number: no change may be made from it)."""
    current = Post.all_objects.select_related("category").get(pk=post_pk)
    if seen >= current.version:
        return None
    revisions = {
        revision.version: revision
        for revision in PostRevision.objects.filter(
            post=current, version__in=[seen, current.version]
        ).select_related("editor")
    }
    opened = revisions.get(seen)
    changes = difference(State.of_revision(opened), State.of_post(current)) if opened else None
    return Conflict(current=current, latest=revisions.get(current.version), changes=changes)
