"""Delete account activity older than a number of days (180 unless told otherwise)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import activity_version
from accounts.models import AccountEvent

DEFAULT_DAYS = 180


class Command(BaseCommand):
    help = "Delete account activity events older than --days days (default 180)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, days: int, **options) -> None:
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        pruned = AccountEvent.objects.older_than(cutoff)
        owners = set(pruned.values_list("user_id", flat=True).distinct())
        deleted, _ = pruned.delete()
        if deleted:
            activity_version.activity_changed(owners)
        self.stdout.write(f"Deleted {deleted} account events older than {days} days.")
