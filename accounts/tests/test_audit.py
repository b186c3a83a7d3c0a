"""The audit trail: every sign-in, failure, lockout, sign-out and password change is recorded
(never the password), shown on /cadmin/activity/, pruned by a command, read-only in the admin."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from accounts.models import AccountEvent
from tests.doors import every_sign_in_page
from tests.factories import PASSWORD, UserFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db

Kind = AccountEvent.Kind
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0"
WRONG_PASSWORD = "a-wrong-guess-that-must-stay-secret"
ACTIVITY_URL = "/cadmin/activity/"


@pytest.fixture
def staff(db):
    # Staff, so that the Django admin door lets them in too.
    return UserFactory(username="carol", is_staff=True)


def sign_in(client, door, username, password=PASSWORD, **extra):
    return client.post(door.login_url, {"username": username, "password": password}, **extra)


def quietly_sign_in(client, user) -> None:
    """force_login is recorded as a sign-in too; start each test from an empty trail."""
    client.force_login(user)
    AccountEvent.objects.all().delete()


def kinds() -> list[str]:
    return list(AccountEvent.objects.order_by("pk").values_list("kind", flat=True))


def text_values(model) -> list[str]:
    """Every value of every text column of `model`'s table."""
    columns = [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.GenericIPAddressField)
    ]
    return [str(value) for row in model.objects.values_list(*columns) for value in row]


class TestSignInEvents:
    @every_sign_in_page
    @pytest.mark.parametrize("address", ["127.0.0.1", "203.0.113.7", "2001:db8::7"])
    def test_a_sign_in_writes_one_event_with_door_user_address_and_browser(
        self, client, staff, door, address
    ):
        response = sign_in(client, door, "carol", REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER)

        assert response.status_code == 302
        event = AccountEvent.objects.get()
        assert event.kind == Kind.SIGNED_IN
        assert event.door == door.name
        assert event.user == staff
        assert event.username == "carol"
        assert event.ip_address == address
        assert event.user_agent == BROWSER

    @every_sign_in_page
    def test_a_very_long_user_agent_is_stored_cut_to_255_characters(self, client, staff, door):
        long_agent = ("Mozilla/5.0 " + "0123456789" * 100)[:1000]

        sign_in(client, door, "carol", HTTP_USER_AGENT=long_agent)

        assert AccountEvent.objects.get().user_agent == long_agent[:255]

    @every_sign_in_page
    @pytest.mark.parametrize(
        ("typed", "linked"),
        [("carol", True), ("CAROL@example.com", True), ("nobody", False)],
        ids=["username", "email", "unknown"],
    )
    def test_a_failed_sign_in_records_what_was_typed_and_the_account_it_aimed_at(
        self, client, staff, door, typed, linked
    ):
        response = sign_in(client, door, typed, WRONG_PASSWORD)

        assert response.status_code == 200
        event = AccountEvent.objects.get()
        assert event.kind == Kind.SIGN_IN_FAILED
        assert event.door == door.name
        assert event.username == typed
        assert event.user == (staff if linked else None)
        assert event.ip_address == "127.0.0.1"

    @every_sign_in_page
    def test_no_typed_password_is_stored_anywhere(self, client, staff, door):
        for _ in range(6):  # failures, the lockout, and a refused attempt
            sign_in(client, door, "carol", WRONG_PASSWORD, HTTP_USER_AGENT=BROWSER)
        sign_in(client, door, "carol", PASSWORD, REMOTE_ADDR="203.0.113.7")
        # So that there was something to search in both tables.
        assert AccountEvent.objects.count() == 8
        assert AccessAttempt.objects.exists()

        for model in (AccountEvent, AccessAttempt, AccessLog, AccessFailureLog):
            for value in text_values(model):
                assert WRONG_PASSWORD not in value, model.__name__
                assert PASSWORD not in value, model.__name__


@every_sign_in_page
class TestLockoutEvents:
    def test_the_fifth_failure_writes_a_failure_then_a_lockout(self, client, staff, door):
        for _ in range(5):
            sign_in(client, door, "carol", WRONG_PASSWORD)

        assert kinds() == [Kind.SIGN_IN_FAILED] * 5 + [Kind.LOCKED_OUT]
        lockout = AccountEvent.objects.get(kind=Kind.LOCKED_OUT)
        assert (lockout.user, lockout.username, lockout.door) == (staff, "carol", door.name)

    def test_each_refused_attempt_during_lockout_writes_one_lockout(self, client, staff, door):
        for _ in range(5):
            sign_in(client, door, "carol", WRONG_PASSWORD)

        refused = [sign_in(client, door, "carol", WRONG_PASSWORD), sign_in(client, door, "carol")]

        assert [response.status_code for response in refused] == [429, 429]
        assert kinds() == [Kind.SIGN_IN_FAILED] * 5 + [Kind.LOCKED_OUT] * 3


class TestSignOutAndPasswordEvents:
    @every_sign_in_page
    def test_signing_out_writes_signed_out(self, client, staff, door):
        quietly_sign_in(client, staff)

        response = client.post(door.logout_url, HTTP_USER_AGENT=BROWSER)

        assert response.status_code in (200, 302)
        event = AccountEvent.objects.get()
        assert (event.kind, event.user, event.door) == (Kind.SIGNED_OUT, staff, door.name)
        assert (event.ip_address, event.user_agent) == ("127.0.0.1", BROWSER)

    @every_sign_in_page
    def test_signing_out_while_signed_out_writes_nothing(self, client, door):
        response = client.post(door.logout_url)

        assert response.status_code in (200, 302)
        assert not AccountEvent.objects.exists()

    def test_changing_the_password_writes_password_changed(self, client, author):
        new_password = "a-much-longer-passphrase-42"
        quietly_sign_in(client, author)

        response = client.post(
            "/cadmin/password-change/",
            {
                "old_password": PASSWORD,
                "new_password1": new_password,
                "new_password2": new_password,
            },
        )

        assert response.status_code == 302
        event = AccountEvent.objects.get()
        assert (event.kind, event.user, event.door) == (Kind.PASSWORD_CHANGED, author, "cadmin")
        assert new_password not in text_values(AccountEvent)


def add_event(user, **fields) -> AccountEvent:
    defaults = {"kind": Kind.SIGNED_IN, "door": "blog", "username": user.username}
    return AccountEvent.objects.create(user=user, **{**defaults, **fields})


def event_rows(response) -> list[str]:
    return re.findall(r'<tr class="event-.*?</tr>', response.text, re.S)


class TestActivityPage:
    def test_it_requires_sign_in(self, client):
        response = client.get(ACTIVITY_URL)

        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/activity/"

    def test_an_author_sees_only_their_own_events(self, client, author, other_author):
        quietly_sign_in(client, author)
        add_event(author, ip_address="198.51.100.1")
        add_event(other_author, ip_address="198.51.100.2")

        response = client.get(ACTIVITY_URL)

        assert response.status_code == 200
        assert len(event_rows(response)) == 1
        assert "<td>alice</td>" in response.text
        assert "<td>198.51.100.1</td>" in response.text
        assert "<td>bob</td>" not in response.text
        assert "198.51.100.2" not in response.text
        assert '<th scope="col">Account</th>' not in response.text

    def test_a_superuser_sees_everyones_events_with_the_account(
        self, client, superuser, author, other_author
    ):
        quietly_sign_in(client, superuser)
        add_event(author, ip_address="198.51.100.1")
        add_event(other_author, ip_address="198.51.100.2", username="bob@example.com")

        response = client.get(ACTIVITY_URL)

        assert len(event_rows(response)) == 2
        assert '<th scope="col">Account</th>' in response.text
        assert "<td>198.51.100.1</td>" in response.text
        assert "<td>bob@example.com</td>\n        <td>bob</td>" in response.text

    def test_events_are_listed_newest_first(self, client, author):
        quietly_sign_in(client, author)
        now = timezone.now()
        # Created out of time order, so that the order shown cannot come from the ids.
        for hours_ago, tried in [(1, "newest"), (3, "oldest"), (2, "middle")]:
            event = add_event(author, username=f"tried-{tried}")
            AccountEvent.objects.filter(pk=event.pk).update(
                created_at=now - timedelta(hours=hours_ago)
            )

        rows = event_rows(client.get(ACTIVITY_URL))

        assert [re.search(r"tried-(\w+)", row).group(1) for row in rows] == [
            "newest",
            "middle",
            "oldest",
        ]

    def test_fifty_events_per_page(self, client, author):
        quietly_sign_in(client, author)
        for number in range(51):
            add_event(author, username=f"try-{number}")

        first, second = client.get(ACTIVITY_URL), client.get(ACTIVITY_URL, {"page": 2})

        assert len(event_rows(first)) == 50
        assert len(event_rows(second)) == 1
        assert "<td>try-0</td>" in second.text  # the oldest comes last
        assert "Page 2 of 2" in second.text

    @pytest.mark.parametrize("page", ["999", "0", "abc"])
    def test_a_page_that_does_not_exist_is_a_404(self, author_client, author, page):
        add_event(author)

        response = author_client.get(ACTIVITY_URL, {"page": page})

        assert response.status_code == 404

    def test_the_query_count_does_not_grow_with_the_events(
        self, client, superuser, django_assert_max_num_queries
    ):
        people = [UserFactory() for _ in range(3)]
        quietly_sign_in(client, superuser)

        def add_events(count):
            AccountEvent.objects.bulk_create(
                AccountEvent(kind=Kind.SIGNED_IN, door="blog", user=people[i % 3], username="x")
                for i in range(count)
            )

        add_events(5)
        with_few = queries_to_get(client, ACTIVITY_URL)
        add_events(115)

        with django_assert_max_num_queries(with_few):
            response = client.get(ACTIVITY_URL)
        assert len(event_rows(response)) == 50


def age_events(days_by_name: dict[str, int]) -> None:
    now = timezone.now()
    for name, days in days_by_name.items():
        event = AccountEvent.objects.create(kind=Kind.SIGNED_IN, door="blog", username=name)
        AccountEvent.objects.filter(pk=event.pk).update(created_at=now - timedelta(days=days))


def prune(*args) -> str:
    out = StringIO()
    call_command("prune_account_activity", *args, stdout=out)
    return out.getvalue().strip()


def remaining() -> set[str]:
    return set(AccountEvent.objects.values_list("username", flat=True))


class TestPruneAccountActivity:
    def test_by_default_events_older_than_180_days_are_deleted(self):
        age_events({"year-old": 365, "half-year-old": 181, "recent": 179, "today": 0})

        output = prune()

        assert output == "Deleted 2 account events older than 180 days."
        assert remaining() == {"recent", "today"}

    def test_days_chooses_the_age(self):
        age_events({"old": 31, "recent": 29})

        output = prune("--days", "30")

        assert output == "Deleted 1 account events older than 30 days."
        assert remaining() == {"recent"}

    @pytest.mark.parametrize("days", ["0", "-5"])
    def test_days_below_one_is_refused_and_deletes_nothing(self, days):
        age_events({"old": 400, "today": 0})

        with pytest.raises(CommandError, match="--days must be at least 1"):
            prune("--days", days)
        assert remaining() == {"old", "today"}


class TestAdminIsReadOnly:
    @pytest.fixture
    def admin_client(self, client, superuser):
        quietly_sign_in(client, superuser)
        return client

    @pytest.fixture
    def event(self, admin_client, author):
        return add_event(author, username="alice-tried")

    def test_the_list_shows_the_events(self, admin_client, event):
        response = admin_client.get("/admin/accounts/accountevent/")

        assert response.status_code == 200
        assert "alice-tried" in response.text
        assert "delete_selected" not in response.text

    def test_adding_an_event_is_forbidden(self, admin_client):
        for response in (
            admin_client.get("/admin/accounts/accountevent/add/"),
            admin_client.post("/admin/accounts/accountevent/add/", {"kind": "signed_in"}),
        ):
            assert response.status_code == 403
        assert not AccountEvent.objects.exists()

    def test_an_event_can_be_viewed_but_not_changed(self, admin_client, event):
        url = f"/admin/accounts/accountevent/{event.pk}/change/"

        viewed = admin_client.get(url)
        changed = admin_client.post(url, {"kind": "signed_out", "username": "forged"})

        assert viewed.status_code == 200
        assert 'name="username"' not in viewed.text
        assert changed.status_code == 403
        event.refresh_from_db()
        assert (event.kind, event.username) == (Kind.SIGNED_IN, "alice-tried")

    def test_an_event_cannot_be_deleted(self, admin_client, event):
        url = f"/admin/accounts/accountevent/{event.pk}/delete/"

        responses = [admin_client.get(url), admin_client.post(url, {"post": "yes"})]
        bulk = admin_client.post(
            "/admin/accounts/accountevent/",
            {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
        )

        assert [response.status_code for response in responses] == [403, 403]
        assert bulk.status_code in (200, 302)
        assert AccountEvent.objects.filter(pk=event.pk).exists()
