"""/cadmin/sessions/: one row per live session of yours, named for people, and ending them."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import AccountEvent
from tests.clients import signed_in_as
from tests.factories import PASSWORD, UserFactory
from tests.queries import queries_to_get
from usersessions.models import UserSession

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

SESSIONS = "/cadmin/sessions/"
ACCOUNT_PAGE = "/admin_page/"  # a signed-in page that caches nothing
# Real User-Agent strings and the names people read for them.
BROWSERS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0": (
        "Firefox 130 on Windows"
    ),
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1": "Safari on iPhone",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36": "Chrome on Pixel 8",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15": "Safari 17 on macOS",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0": "Edge 126 on Windows",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0": (
        "Firefox 128 on Linux"
    ),
}


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


def writes_to_get(client, url: str) -> list[str]:
    """The tables a GET of `url` updates."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    updates = [
        query["sql"] for query in context.captured_queries if query["sql"].startswith("UPDATE")
    ]
    return [sql.split('"')[1] for sql in updates]


def browser(user_agent: str = "", address: str = "198.51.100.7", username="alice") -> Client:
    """A browser that signed in through the dashboard's door."""
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post("/cadmin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


class TestTheList:
    def test_each_session_is_a_row_named_for_people(self, alice):
        for user_agent in BROWSERS:
            browser(user_agent)
        mine = browser(next(iter(BROWSERS)), address="203.0.113.9")

        page = mine.get(SESSIONS)

        assert page.status_code == 200
        for user_agent, name in BROWSERS.items():
            assert name in page.text
            assert user_agent not in page.text
        assert page.text.count("This browser") == 1
        assert "203.0.113.9" in page.text and "198.51.100.7" in page.text
        assert page.text.count(">Sign out<span") == len(BROWSERS)

    def test_newest_activity_comes_first(self, alice):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            older = browser(next(iter(BROWSERS)))
            clock.shift(timedelta(minutes=1))
            browser(list(BROWSERS)[1])
            clock.shift(timedelta(minutes=10))
            older.get("/cadmin/")  # more than five minutes since its last write: now active

            rows = [row.user_agent for row in older.get(SESSIONS).context["sessions"]]

        assert rows[0] == next(iter(BROWSERS))

    def test_other_accounts_sessions_are_not_listed(self, alice):
        UserFactory(username="bob")
        browser("bobs browser/1.0", username="bob")
        mine = browser(next(iter(BROWSERS)))

        assert len(mine.get(SESSIONS).context["sessions"]) == 1

    def test_signed_out_sessions_disappear(self, alice):
        gone = browser("Gone/1.0")
        gone.post("/cadmin/logout/")
        mine = browser(next(iter(BROWSERS)))

        assert len(mine.get(SESSIONS).context["sessions"]) == 1
        assert UserSession.objects.count() == 1

    def test_expired_sessions_disappear(self, alice):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            browser("Old/1.0")
            clock.shift(timedelta(days=15))
            mine = browser(next(iter(BROWSERS)))

            rows = mine.get(SESSIONS).context["sessions"]

        assert [row.user_agent for row in rows] == [next(iter(BROWSERS))]

    def test_sessions_ended_by_a_password_change_disappear(self, alice):
        browser("Elsewhere/1.0")
        mine = browser(next(iter(BROWSERS)))
        new = "a-brand-new-passphrase-42"

        mine.post(
            "/cadmin/password-change/",
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )

        rows = mine.get(SESSIONS).context["sessions"]
        assert [row.is_this_browser for row in rows] == [True]

    def test_sessions_ended_by_a_password_reset_disappear(self, alice):
        from tests.password_reset import NEW_PASSWORD, reset_link_path, set_password_path

        browser("Elsewhere/1.0")
        alice.refresh_from_db()  # the reset link is made from the account as it is now
        reset = Client()
        reset.get(reset_link_path(alice))
        reset.post(
            set_password_path(alice),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        mine = Client()
        mine.post("/cadmin/login/", {"username": "alice", "password": NEW_PASSWORD})

        rows = mine.get(SESSIONS).context["sessions"]
        assert [row.is_this_browser for row in rows] == [True]

    def test_the_page_costs_the_same_with_five_or_twenty_sessions(self, alice):
        for number in range(4):
            browser(f"Browser/{number}")
        mine = browser(next(iter(BROWSERS)))
        with_five = queries_to_get(mine, SESSIONS)
        for number in range(15):
            browser(f"More/{number}")

        assert queries_to_get(mine, SESSIONS) == with_five


class TestEndingSessions:
    def test_sign_out_ends_that_session_at_once(self, alice):
        iphone = list(BROWSERS)[1]
        other = browser(iphone)
        mine = browser(next(iter(BROWSERS)))
        row = UserSession.objects.get(user_agent=iphone)

        response = mine.post(f"/cadmin/sessions/{row.pk}/end/")

        assert response.headers["Location"] == SESSIONS
        assert signed_in_as(other) is None
        assert other.get("/cadmin/").headers["Location"] == "/cadmin/login/?next=/cadmin/"
        assert signed_in_as(mine) == str(alice.pk)
        assert AccountEvent.objects.get(kind="session_ended").detail == "Safari on iPhone"

    def test_this_browser_and_other_accounts_cannot_be_ended_that_way(self, alice):
        UserFactory(username="bob")
        bobs = browser("Bob/1.0", username="bob")
        mine = browser(next(iter(BROWSERS)))
        own = UserSession.objects.get(user=alice)
        bobs_row = UserSession.objects.get(user__username="bob")

        assert mine.post(f"/cadmin/sessions/{own.pk}/end/").status_code == 404
        assert mine.post(f"/cadmin/sessions/{bobs_row.pk}/end/").status_code == 404
        assert signed_in_as(bobs) is not None

    def test_a_get_ends_nothing(self, alice):
        other = browser("Other/1.0")
        mine = browser(next(iter(BROWSERS)))
        row = UserSession.objects.get(user_agent="Other/1.0")

        assert mine.get(f"/cadmin/sessions/{row.pk}/end/").status_code == 405
        assert signed_in_as(other) is not None

    def test_everywhere_else_ends_all_but_this_one(self, alice):
        others = [browser(f"Other/{number}") for number in range(3)]
        mine = browser(next(iter(BROWSERS)))

        asked = mine.get("/cadmin/sessions/end-others/")
        response = mine.post("/cadmin/sessions/end-others/")

        assert asked.status_code == 200
        assert response.headers["Location"] == SESSIONS
        assert all(signed_in_as(other) is None for other in others)
        assert signed_in_as(mine) == str(alice.pk)
        assert len(mine.get(SESSIONS).context["sessions"]) == 1

    def test_everywhere_else_asks_to_confirm_it_is_you_first(self, alice):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            other = browser("Other/1.0")
            mine = browser(next(iter(BROWSERS)))
            clock.shift(timedelta(minutes=11))

            response = mine.post("/cadmin/sessions/end-others/")

        assert response.headers["Location"] == (
            "/cadmin/confirm/?next=%2Fcadmin%2Fsessions%2Fend-others%2F"
        )
        assert signed_in_as(other) is not None


class TestLastActive:
    def test_reading_pages_writes_nothing_for_five_minutes(self, alice):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            mine = browser(next(iter(BROWSERS)))
            assert writes_to_get(mine, ACCOUNT_PAGE) == []
            clock.shift(timedelta(minutes=4, seconds=59))
            assert writes_to_get(mine, ACCOUNT_PAGE) == []

            clock.shift(timedelta(seconds=2))
            assert writes_to_get(mine, ACCOUNT_PAGE) == [
                "usersessions_usersession",
                "django_session",
            ]
            assert writes_to_get(mine, ACCOUNT_PAGE) == []

        row = UserSession.objects.get()
        assert row.last_active_at > row.signed_in_at
