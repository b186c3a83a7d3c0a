"""The autosave slot: one per author and post (and one for the new-post editor)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from blog.models import Post

from .models import Autosave

RESTORE_PARAMETER = "restore"
RESTORE_VALUE = "autosave"


def find_autosave(user, post: Post | None) -> Autosave | None:
    """The user's slot for `post` (None: the new-post editor), with its tags."""
    return Autosave.objects.filter(user=user, post=post).prefetch_related("tags").first()


def keep_autosave(user, post: Post | None, cleaned_data: dict) -> Autosave:
    """Write a validated draft into the user's slot, replacing what it held."""
    with transaction.atomic():
        slot, _ = Autosave.objects.update_or_create(
            user=user,
            post=post,
            defaults={
                "title": cleaned_data["title"],
                "body": cleaned_data["body"],
                "category": cleaned_data["category"],
                "version": cleaned_data.get("version"),
                "saved_at": timezone.now(),
            },
        )
        slot.tags.set(cleaned_data["tags"])
    return slot


def discard_autosave(user, post: Post | None) -> None:
    """Forget the user's unsaved changes to `post`; other people's slots stay."""
    Autosave.objects.filter(user=user, post=post).delete()


@dataclass(frozen=True)
class Draft:
    """What the editor shows: a post's fields or a slot's, to compare them."""

    title: str
    body: str
    category_id: int | None
    tag_ids: frozenset[int]

    @classmethod
    def of_slot(cls, slot: Autosave) -> "Draft":
        tag_ids = frozenset(tag.pk for tag in slot.tags.all())  # prefetched
        return cls(slot.title, slot.body, slot.category_id, tag_ids)

    @classmethod
    def of_post(cls, post: Post | None) -> "Draft":
        if post is None:
            return cls("", "", None, frozenset())
        tag_ids = frozenset(post.tags.values_list("pk", flat=True))
        return cls(post.title, post.body, post.category_id, tag_ids)


def is_worth_restoring(slot: Autosave, post: Post | None) -> bool:
    """Offer a slot only if it is newer than the post's last save and says something else."""
    if post is not None and slot.saved_at <= post.updated:
        return False
    return Draft.of_slot(slot) != Draft.of_post(post)


def form_initial(slot: Autosave) -> dict:
    """The editor form's values from a slot, to fill the form without saving anything."""
    initial = {
        "title": slot.title,
        "body": slot.body,
        "category": slot.category_id,
        "tags": [tag.pk for tag in slot.tags.all()],
    }
    if slot.version:
        initial["version"] = slot.version  # the version it was typed on, not today's
    return initial


def shown_time(moment: datetime) -> str:
    """HH:MM in the site's time, as the restore offer writes it."""
    return timezone.localtime(moment).strftime("%H:%M")
