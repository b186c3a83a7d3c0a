"""The kept-form limits hold when many forms arrive at the same moment.

On PostgreSQL the requests run side by side, which is where counting and then inserting would
let more in than the limit. SQLite lets one writer in at a time (transaction_mode IMMEDIATE),
so there is no race to show: `make test` runs this in its PostgreSQL pass
(`python -m tests.run_on_services keptforms/tests/test_limits_at_once.py` on its own).
"""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from keptforms.browser import COOKIE_NAME, digest, new_key
from keptforms.models import KeptForm
from tests import patience
from tests.factories import PostFactory

pytestmark = [
    # Each thread has a connection of its own, so what one commits the others must see.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at once"),
    pytest.mark.every_backend,
]

AT_ONCE = 12
DEADLINE = patience.CONDITION  # for every request to reach the kept forms


@pytest.fixture
def edit_url(author) -> str:
    return f"/cadmin/post/update/{PostFactory(author=author).pk}/"


def waiting_for_locks() -> int:
    """How many connections to this database wait for a lock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the transaction's first look
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def all_at_once(send: Callable[[int], int], hold: Callable[[], None]) -> list[int]:
    """Run `send(n)` in AT_ONCE threads; what each returned, sorted.

    `hold` locks what the requests are about to write, in a transaction of the test's own; once
    every request waits, the lock is let go and they go on together, as a burst would.
    """

    def one(n: int) -> int:
        try:
            return send(n)
        finally:
            connections.close_all()  # this thread's own

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        with transaction.atomic():
            hold()
            answers = [pool.submit(one, n) for n in range(AT_ONCE)]
            deadline = time.monotonic() + DEADLINE
            while waiting_for_locks() < AT_ONCE:
                assert time.monotonic() < deadline, "the requests never reached the kept forms"
                time.sleep(0.05)
        return sorted(answer.result(timeout=DEADLINE) for answer in answers)


def send_signed_out(url: str, n: int, browser_key: str | None = None) -> int:
    """POST an edit as a browser whose session ended; the status code."""
    browser = Client()
    if browser_key:
        browser.cookies[COOKIE_NAME] = browser_key
    return browser.post(url, {"title": "Title", "body": f"Try {n}"}).status_code


def test_one_browser_never_keeps_more_than_its_limit(settings, edit_url):
    settings.TGDB_KEPT_FORMS_PER_BROWSER = 3
    key = new_key()
    now = timezone.now()
    KeptForm.objects.bulk_create(
        KeptForm(
            token_hash=f"earlier-{n}",
            browser_hash=digest(key),
            ip="127.0.0.1",
            path=edit_url,
            data={"body": [f"Earlier {n}"]},
            created_at=now - timedelta(minutes=n + 1),
            expires_at=now + timedelta(hours=1),
        )
        for n in range(3)
    )
    browsers = KeptForm.objects.of_browser(digest(key))

    # Each request drops the browser's oldest to make room, and waits there.
    statuses = all_at_once(
        lambda n: send_signed_out(edit_url, n, browser_key=key),
        hold=lambda: list(browsers.select_for_update()),
    )

    assert statuses == [302] * AT_ONCE  # a newer one replaces the oldest: nothing is refused
    assert browsers.count() == 3


def test_one_address_never_keeps_more_than_its_limit(settings, edit_url):
    settings.TGDB_KEPT_FORMS_PER_IP = 4

    def hold_every_write() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {KeptForm._meta.db_table} IN SHARE MODE")

    statuses = all_at_once(lambda n: send_signed_out(edit_url, n), hold=hold_every_write)

    assert statuses == [302] * 4 + [429] * (AT_ONCE - 4)
    assert KeptForm.objects.filter(ip="127.0.0.1").count() == 4
