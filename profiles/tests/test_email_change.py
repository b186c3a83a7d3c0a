"""A new e-mail address takes effect only when its link is followed, signed in, with a POST;
the old address hears of the request and of the change."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import signing
from django.test import Client

from accounts.models import AccountEvent
from profiles import email_change
from profiles.models import PendingEmail
from tests.clients import signed_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/cadmin/profile/"
NEW = "alice@new.example"
LINK = re.compile(r"http://testserver(/cadmin/profile/email/[^/\s]+/)")


@pytest.fixture
def clock():
    with time_machine.travel("2026-11-24 12:00", tick=False) as traveller:
        yield traveller


def ask_for(client: Client, email: str, **fields):
    return client.post(PROFILE, {"display_name": "", "bio": "", "email": email, **fields})


def link_in(mailoutbox) -> str:
    """The path of the confirmation link in the message sent to the new address."""
    (message,) = [message for message in mailoutbox if message.to == [NEW]]
    return LINK.search(message.body).group(1)


@pytest.fixture
def link(author_client, mailoutbox) -> str:
    ask_for(author_client, NEW)
    return link_in(mailoutbox)


def email_of(user) -> str:
    user.refresh_from_db()
    return user.email


class TestAsking:
    def test_a_link_goes_to_the_new_address_and_a_notice_to_the_old(
        self, author, author_client, mailoutbox
    ):
        response = ask_for(author_client, NEW)

        assert response.headers["Location"] == PROFILE
        to_new, to_old = sorted(mailoutbox, key=lambda message: message.to != [NEW])
        assert to_new.to == [NEW]
        assert LINK.search(to_new.body)
        assert to_old.to == ["alice@example.com"]
        assert "change your account's e-mail address to a***@new.example" in to_old.body
        assert NEW not in to_old.body and not LINK.search(to_old.body)
        assert AccountEvent.objects.get(kind="email_change_asked").detail == (
            f"alice@example.com → {NEW}"
        )

    def test_an_account_without_an_address_gets_only_the_link(self, other_author, mailoutbox):
        ask_for(signed_in(other_author), "bob@new.example")

        (message,) = mailoutbox
        assert message.to == ["bob@new.example"]
        assert email_of(other_author) == ""

    def test_the_address_stays_until_the_link_is_followed(self, author, author_client, link):
        assert email_of(author) == "alice@example.com"
        assert not AccountEvent.objects.filter(kind="email_changed").exists()

    def test_the_page_says_where_the_link_went_and_what_is_pending(self, author_client):
        ask_for(author_client, NEW)

        page = author_client.get(PROFILE).text

        assert f"We sent a link to {NEW}. Your address changes when you follow it." in page
        assert f"Waiting for confirmation: <strong>{NEW}</strong>" in page
        assert "Your profile was saved." not in page

    def test_a_new_name_is_saved_at_once_with_it(self, author, author_client):
        ask_for(author_client, NEW, display_name="Alice Liddell")

        author.refresh_from_db()
        assert (author.display_name, author.email) == ("Alice Liddell", "alice@example.com")
        assert "Your profile was saved." in author_client.get(PROFILE).text

    def test_the_same_address_in_another_case_is_no_change(self, author, author_client, mailoutbox):
        ask_for(author_client, "ALICE@example.com")

        assert mailoutbox == []
        assert email_of(author) == "alice@example.com"
        assert not PendingEmail.objects.exists()

    def test_another_accounts_address_is_refused_in_any_case(
        self, author, author_client, mailoutbox
    ):
        UserFactory(username="bob", email="bob@example.com")

        response = ask_for(author_client, "BOB@example.com")

        assert response.status_code == 200
        assert "Another account already uses this e-mail address." in response.text
        assert mailoutbox == []
        assert not PendingEmail.objects.exists()

    @pytest.mark.parametrize("email", ["", "not-an-address", "a" * 300 + "@example.com"])
    def test_a_bad_address_is_refused(self, author, author_client, mailoutbox, email):
        response = ask_for(author_client, email)

        assert response.status_code == 200
        assert 'class="errorlist' in response.text
        assert mailoutbox == []
        assert email_of(author) == "alice@example.com"

    def test_a_stale_sign_in_must_confirm_it_is_you_first(self, author, mailoutbox, clock):
        client = signed_in(author)  # signing in counts as confirming, at 12:00
        clock.shift(timedelta(minutes=11))

        response = ask_for(client, NEW)

        assert response.headers["Location"] == "/cadmin/confirm/?next=%2Fcadmin%2Fprofile%2F"
        assert mailoutbox == []
        assert not PendingEmail.objects.exists()

    def test_asking_again_makes_the_earlier_link_useless(self, author, author_client, mailoutbox):
        ask_for(author_client, "alice@first.example")
        first = LINK.search(mailoutbox[0].body).group(1)
        ask_for(author_client, NEW)

        assert author_client.post(first).status_code == 400
        assert email_of(author) == "alice@example.com"
        author_client.post(link_in(mailoutbox))
        assert email_of(author) == NEW


class TestAskingIsLimited:
    PER_HOUR = 3  # TGDB_EMAIL_CHANGES_PER_HOUR's default

    @pytest.fixture
    def client(self, author, clock) -> Client:
        """Alice, who has asked for as many new addresses as an hour allows, at 12:00."""
        client = signed_in(author)
        for n in range(self.PER_HOUR):
            assert ask_for(client, f"alice{n}@new.example").headers["Location"] == PROFILE
        return client

    def test_each_request_sends_two_emails(self, client, mailoutbox):
        assert len(mailoutbox) == 2 * self.PER_HOUR

    def test_one_more_is_refused_with_when_to_ask_again_and_sends_nothing(
        self, author, client, mailoutbox
    ):
        mailoutbox.clear()

        refused = ask_for(client, NEW, display_name="Alice Liddell")

        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "3600"
        assert (
            "You have asked to change your e-mail address 3 times in the last hour, each time "
            "e-mailing both addresses. You can ask again in 60 minutes; nothing was sent and "
            "your address is still alice@example.com."
        ) in refused.text
        assert f'value="{NEW}"' in refused.text  # what was typed is still in the form
        assert 'value="Alice Liddell"' in refused.text
        assert mailoutbox == []
        assert PendingEmail.objects.get().new_email == "alice2@new.example"
        author.refresh_from_db()
        assert (author.display_name, author.email) == ("", "alice@example.com")

    def test_the_refusal_counts_in_one_query(self, client, django_assert_max_num_queries):
        # The session, the account, the count, then the page drawn again as on any error.
        with django_assert_max_num_queries(8):
            assert ask_for(client, NEW).status_code == 429

    def test_a_new_name_alone_is_still_saved(self, author, client):
        response = ask_for(client, "alice@example.com", display_name="Alice Liddell")

        assert response.headers["Location"] == PROFILE
        author.refresh_from_db()
        assert author.display_name == "Alice Liddell"

    def test_an_hour_after_the_first_request_it_may_ask_again(
        self, author, client, mailoutbox, clock
    ):
        clock.shift(timedelta(minutes=59))
        client.post("/cadmin/confirm/", {"password": PASSWORD})  # "confirm it is you" again
        assert "ask again in 1 minute;" in ask_for(client, NEW).text

        clock.shift(timedelta(minutes=1))
        mailoutbox.clear()
        response = ask_for(client, NEW)

        assert response.headers["Location"] == PROFILE
        assert len(mailoutbox) == 2
        assert PendingEmail.objects.get().new_email == NEW

    def test_another_account_is_not_held_back(self, client, mailoutbox):
        mailoutbox.clear()
        carol = signed_in(UserFactory(username="carol", email="carol@example.com"))

        response = ask_for(carol, "carol@new.example")

        assert response.headers["Location"] == PROFILE
        assert len(mailoutbox) == 2


class TestFollowingTheLink:
    def test_opening_the_link_only_asks(self, author, author_client, link):
        page = author_client.get(link)

        assert page.status_code == 200
        assert f"Use {NEW}</button>" in page.text
        assert email_of(author) == "alice@example.com"
        assert not AccountEvent.objects.filter(kind="email_changed").exists()

    def test_pressing_the_button_changes_the_address(self, author, author_client, link, mailoutbox):
        mailoutbox.clear()

        response = author_client.post(link)

        assert response.headers["Location"] == PROFILE
        assert email_of(author) == NEW
        assert AccountEvent.objects.get(kind="email_changed").detail == (
            f"alice@example.com → {NEW}"
        )
        (notice,) = mailoutbox
        assert notice.to == ["alice@example.com"]
        assert "was changed to a***@new.example" in notice.body
        page = author_client.get(PROFILE).text
        assert f"Your e-mail address is now {NEW}." in page
        assert "Waiting for confirmation" not in page

    def test_the_new_address_signs_in(self, author, author_client, link):
        author_client.post(link)

        response = Client().post("/cadmin/login/", {"username": NEW, "password": PASSWORD})

        assert response.headers["Location"] == "/cadmin/"

    def test_a_used_link_is_refused(self, author, author_client, link):
        author_client.post(link)

        again = author_client.post(link)

        assert again.status_code == 400
        assert "already used" in again.text
        assert AccountEvent.objects.filter(kind="email_changed").count() == 1

    def test_a_used_link_stays_used_when_the_old_address_comes_back(
        self, author, author_client, link
    ):
        author_client.post(link)
        author.email = "alice@example.com"  # put back, say by an administrator
        author.save()

        response = author_client.post(link)

        assert response.status_code == 400
        assert email_of(author) == "alice@example.com"

    def test_a_link_is_out_of_date_once_the_address_changed_otherwise(
        self, author, author_client, link
    ):
        author.email = "alice@elsewhere.example"
        author.save()

        response = author_client.post(link)

        assert response.status_code == 400
        assert email_of(author) == "alice@elsewhere.example"

    @pytest.mark.parametrize(
        "tamper",
        [
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
            lambda token: token[:10],
            lambda token: "not-a-token",
        ],
    )
    def test_a_tampered_link_is_refused(self, author, author_client, link, tamper):
        token = link.split("/")[-2]

        for method in (author_client.get, author_client.post):
            response = method(f"{PROFILE}email/{tamper(token)}/")
            assert response.status_code == 400
            assert "not valid" in response.text
        assert email_of(author) == "alice@example.com"

    def test_a_token_signed_for_another_purpose_is_refused(self, author, author_client, link):
        pending = PendingEmail.objects.get(user=author)
        unsalted = signing.dumps({"user": author.pk, "pending": pending.pk})

        response = author_client.post(f"{PROFILE}email/{unsalted}/")

        assert response.status_code == 400
        assert email_of(author) == "alice@example.com"

    def test_a_link_lasts_its_days_and_then_says_it_expired(
        self, author, mailoutbox, clock, settings
    ):
        client = signed_in(author)
        ask_for(client, NEW)
        link = link_in(mailoutbox)

        clock.shift(timedelta(days=settings.TGDB_EMAIL_CONFIRM_DAYS) - timedelta(minutes=1))
        assert client.get(link).status_code == 200
        clock.shift(timedelta(minutes=2))
        response = client.post(link)

        assert response.status_code == 400
        assert f"This link has expired: links last {settings.TGDB_EMAIL_CONFIRM_DAYS} days" in (
            response.text
        )
        assert email_of(author) == "alice@example.com"

    def test_an_address_taken_meanwhile_is_refused(self, author, author_client, link):
        UserFactory(username="mallory", email="ALICE@new.example")

        for method in (author_client.get, author_client.post):
            response = method(link)
            assert response.status_code == 400
            assert "Another account already uses this e-mail address." in response.text
        assert email_of(author) == "alice@example.com"

    def test_an_address_taken_in_the_same_moment_is_refused(
        self, author, author_client, link, monkeypatch
    ):
        UserFactory(username="mallory", email=NEW)
        # As if the other account took it between the check and the save.
        monkeypatch.setattr(email_change, "is_taken", lambda email, by_other_than: False)

        response = author_client.post(link)

        assert response.status_code == 400
        assert "Another account already uses this e-mail address." in response.text
        assert email_of(author) == "alice@example.com"

    def test_another_signed_in_account_is_refused(self, author, other_author, link):
        bob = signed_in(other_author)

        for method in (bob.get, bob.post):
            response = method(link)
            assert response.status_code == 403
            assert "This link was sent for another account." in response.text
        assert email_of(author) == "alice@example.com"
        assert email_of(other_author) == ""

    def test_a_signed_out_visitor_signs_in_and_comes_back(self, author, link):
        visitor = Client()

        response = visitor.get(link)

        assert urlsplit(response.headers["Location"]).path == "/cadmin/login/"
        (next_url,) = parse_qs(urlsplit(response.headers["Location"]).query)["next"]
        assert next_url == link
        signing_in = visitor.post(
            "/cadmin/login/", {"username": "alice", "password": PASSWORD, "next": next_url}
        )
        assert signing_in.headers["Location"] == link
        assert email_of(author) == "alice@example.com"
        assert visitor.get(link).status_code == 200

    def test_the_button_needs_the_csrf_token(self, author, link, csrf_client):
        csrf_client.force_login(author)

        response = csrf_client.post(link)

        assert response.status_code == 403
        assert email_of(author) == "alice@example.com"
