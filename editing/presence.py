"""Who else has a post's editor open: each open editor says so every few seconds."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from blog.models import Post

from .models import EditingPresence

# An editor counts as open for this many ping intervals after its last ping, so one late or
# lost ping does not make its author flicker out of the notice.
INTERVALS_UNTIL_GONE = 2.5


def ping_seconds() -> int:
    return settings.TGDB_EDITING_PING_SECONDS


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def mark_editing(post: Post, user) -> None:
    """Note that `user` has the editor of `post` open now: one query, insert or update."""
    EditingPresence.objects.bulk_create(
        [EditingPresence(post=post, user=user, seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["post", "user"],
        update_fields=["seen_at"],
    )


def purge_stale() -> int:
    """Delete the presence of editors last heard from over a day ago (one DELETE); returns how
    many. Run daily by `manage.py purge_trash`."""
    deleted, _ = EditingPresence.objects.stale().delete()
    return deleted


def others_editing(post: Post, user) -> list[str]:
    """Display names of the other people who have the editor of `post` open: one query."""
    since = timezone.now() - timedelta(seconds=ping_seconds() * INTERVALS_UNTIL_GONE)
    others = (
        EditingPresence.objects.filter(post=post, seen_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__username")
    )
    return [display_name(presence.user) for presence in others]


def also_editing_notice(names: list[str]) -> str:
    """ "Bob is also editing this post.", "Bob and Carol are …", "Bob, Carol and Dan are …"."""
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]} is also editing this post."
    return f"{', '.join(names[:-1])} and {names[-1]} are also editing this post."
