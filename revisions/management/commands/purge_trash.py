"""Delete for good the posts and pictures that have been in the trash longer than
TGDB_TRASH_DAYS, with the posts' revisions and the pictures' files, the kept forms past their
hours, and the editing presence (the "also editing" notice's rows) older than a day.
Run it daily (README: "Writing")."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from blog.models import Post
from editing.presence import purge_stale
from keptforms.store import purge_expired
from media.trash import purge_trashed


class Command(BaseCommand):
    help = (
        "Delete posts and pictures trashed over TGDB_TRASH_DAYS days ago, kept forms past "
        "their time, and editing presence older than a day."
    )

    def handle(self, *args, **options) -> None:
        cutoff = timezone.now() - timedelta(days=settings.TGDB_TRASH_DAYS)
        expired = Post.all_objects.trashed().filter(deleted_at__lt=cutoff)
        count = expired.count()
        expired.delete()
        self.stdout.write(f"Deleted {count} post(s) from the trash for good.")
        pictures = purge_trashed(cutoff)
        self.stdout.write(f"Deleted {pictures} picture(s) and their files from the trash for good.")
        self.stdout.write(f"Deleted {purge_expired()} kept form(s) past their time.")
        self.stdout.write(f"Deleted {purge_stale()} editing presence(s) older than a day.")
