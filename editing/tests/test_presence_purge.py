"""The daily `manage.py purge_trash` also forgets who had an editor open over a day ago: the
"also editing" notice looks back less than a minute, and nothing else reads those rows."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command, load_command_class

from editing.models import EditingPresence
from tests.clients import signed_in
from tests.factories import UserFactory

from .conftest import editing_url

pytestmark = pytest.mark.django_db

PURGED_AT = datetime(2026, 3, 2, 3, 17, tzinfo=UTC)


def opened_editor(post, username: str, ago: timedelta) -> None:
    with time_machine.travel(PURGED_AT - ago, tick=False):
        client = signed_in(UserFactory(username=username, is_superuser=True))
        assert client.post(editing_url(post)).status_code == 200


def purge() -> str:
    out = StringIO()
    with time_machine.travel(PURGED_AT, tick=False):
        call_command("purge_trash", stdout=out)
    return out.getvalue()


def test_presence_older_than_a_day_is_deleted_and_recent_presence_stays(post):
    opened_editor(post, "gone", timedelta(days=1, seconds=1))
    opened_editor(post, "long_gone", timedelta(days=40))
    opened_editor(post, "yesterday", timedelta(hours=23, minutes=59))
    opened_editor(post, "now", timedelta(0))

    output = purge()

    assert "Deleted 2 editing presence(s) older than a day.\n" in output
    remaining = EditingPresence.objects.values_list("user__username", flat=True)
    assert sorted(remaining) == ["now", "yesterday"]


def test_the_command_says_so_in_its_help():
    command = load_command_class("revisions", "purge_trash")

    help_text = command.create_parser("manage.py", "purge_trash").format_help()

    assert "editing presence older than a day" in " ".join(help_text.split())
