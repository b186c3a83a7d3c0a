"""Deleting a picture: to the trash beside the posts (restorable for TGDB_TRASH_DAYS days),
never while a published post shows it; and for good afterwards, with every file it has.

A picture in the trash is gone for readers at once: its address and files answer 404 on every
server (media/serving.py asks the database each time).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.utils import timezone

from .models import Image, thumbnails


class InUse(Exception):
    """Published posts show the picture: deleting it would break them."""

    def __init__(self, posts: list) -> None:
        super().__init__("Published posts show this picture.")
        self.posts = posts


def published_posts_showing(image: Image):
    """The published posts (scheduled ones too, not trashed ones) whose body or featured image
    is `image` (blog's Post.images)."""
    posts = image.posts.filter(deleted_at__isnull=True)
    return posts.filter(status=posts.model.Status.PUBLISHED).order_by("title")


def move_to_trash(image: Image) -> None:
    """Raises InUse, naming the published posts that show `image`."""
    with transaction.atomic():
        # Whichever of this and a publish showing the picture commits second sees the other.
        Image.objects.select_for_update().filter(pk=image.pk).first()
        posts = list(published_posts_showing(image))
        if posts:
            raise InUse(posts)
        image.deleted_at = timezone.now()
        image.save(update_fields=["deleted_at"])


def trashed_pictures_of(user):
    """The trashed pictures `user` may restore, most recently deleted first, with the day
    each is deleted for good and its thumbnail (Image.thumbnail_url)."""
    return (
        Image.objects.trashed()
        .visible_to(user)
        .select_related("uploader")
        .prefetch_related(thumbnails())
        .annotate(purged_after=purged_after())
        .order_by("-deleted_at", "-pk")
    )


def purged_after() -> ExpressionWrapper:
    """When something in the trash (a post or a picture) is deleted for good."""
    kept_for = timedelta(days=settings.TGDB_TRASH_DAYS)
    return ExpressionWrapper(F("deleted_at") + kept_for, DateTimeField())


def restore(image: Image) -> None:
    image.deleted_at = None
    image.save(update_fields=["deleted_at"])


def purge_trashed(cutoff: datetime) -> int:
    """Delete for good the pictures trashed before `cutoff`, with their renditions and every
    file under their key (link-preview crops made before a focal point moved included)."""
    purged = 0
    for image in Image.objects.trashed().filter(deleted_at__lt=cutoff).iterator():
        delete_files(image.key)
        image.delete()  # its renditions, its upload if it was never made, where it was used
        purged += 1
    return purged


def delete_files(key: str) -> None:
    folder = f"images/{key}"
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
