"""The dashboard home keeps its latest account events in the cache (accounts/activity_version.py):
never stale, never anyone else's. Each test fills the cache with a first visit before the change.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccountEvent
from tests.clients import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

HOME_URL = "/cadmin/"
EVENT_ROW = re.compile(r'<tr class="event-[^"]+">.*?</tr>', re.S)


def rows(client: Client) -> list[str]:
    response = client.get(HOME_URL)
    assert response.status_code == 200
    return EVENT_ROW.findall(response.text)


def wrong_password(username: str, address: str) -> None:
    response = Client(REMOTE_ADDR=address).post(
        "/cadmin/login/", {"username": username, "password": "not the password"}
    )
    assert response.status_code == 200  # the form again, with its error


def test_a_second_visit_draws_the_events_without_reading_them(author_client, author):
    wrong_password(author.username, "198.51.100.1")
    rows(author_client)

    with CaptureQueriesContext(connection) as context:
        shown = rows(author_client)

    assert any("198.51.100.1" in row for row in shown)
    assert not [q for q in context.captured_queries if "accounts_accountevent" in q["sql"]]


def test_an_event_of_ones_own_account_shows_at_once(author_client, author):
    before = rows(author_client)

    wrong_password(author.username, "198.51.100.2")

    after = rows(author_client)
    assert "Failed sign-in" in after[0] and "198.51.100.2" in after[0]
    assert len(after) == min(len(before) + 1, 5)


def test_an_event_of_another_account_shows_at_once_to_a_superuser_only(
    superuser, author_client, author, other_author
):
    administrator = signed_in(superuser)
    rows(administrator), rows(author_client)

    wrong_password(other_author.username, "203.0.113.7")

    assert "203.0.113.7" in rows(administrator)[0]
    assert not any("203.0.113.7" in row for row in rows(author_client))


def test_events_pruned_leave_the_home_at_once(author_client, author):
    wrong_password(author.username, "198.51.100.3")
    AccountEvent.objects.filter(ip_address="198.51.100.3").update(
        created_at=timezone.now() - timedelta(days=200)
    )
    assert any("198.51.100.3" in row for row in rows(author_client))

    call_command("prune_account_activity", "--days", "180", stdout=io.StringIO())

    assert not any("198.51.100.3" in row for row in rows(author_client))


def test_an_account_renamed_shows_renamed_at_once_in_a_superusers_list(superuser, author):
    administrator = signed_in(superuser)
    wrong_password(author.username, "198.51.100.4")
    assert f"<td>{author.username}</td>" in rows(administrator)[0]

    author.username = "alice-renamed"
    author.save()

    assert "<td>alice-renamed</td>" in rows(administrator)[0]
