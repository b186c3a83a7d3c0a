"""Open sign-up (TGDB_OPEN_SIGNUP): closed by default; when open, an address gets a link and
the Contributor's account is made only by following it. Every address gets the same answer,
and one network may ask TGDB_SIGNUPS_PER_IP times an hour."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import AccountEvent
from team.models import Invitation
from team.roles import Role, role_of
from tests.clients import signed_in, signed_in_as

pytestmark = pytest.mark.django_db

User = get_user_model()
SIGNUP = "/cadmin/signup/"
SENT = "/cadmin/signup/sent/"
NEW_PASSWORD = "a brand-new passphrase"
LINK = re.compile(r"https?://[^/\s]+(/cadmin/join/[^/\s]+/)")


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def sign_up(client, email="newcomer@example.com", **extra):
    return client.post(SIGNUP, {"email": email}, **extra)


def join(client, path, username="newcomer"):
    data = {"username": username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(path, {**data, "use": "password"})


@pytest.fixture
def open_signup(settings):
    settings.TGDB_OPEN_SIGNUP = True
    settings.TGDB_SIGNUPS_PER_IP = 5


class TestClosedByDefault:
    @pytest.mark.parametrize("url", [SIGNUP, SENT])
    def test_the_pages_are_not_found(self, url, mailoutbox):
        client = Client()

        assert client.get(url).status_code == 404
        assert client.post(url, {"email": "newcomer@example.com"}).status_code == 404
        assert not Invitation.objects.exists()
        assert mailoutbox == []


@pytest.mark.usefixtures("open_signup")
class TestSigningUp:
    def test_the_link_by_e_mail_makes_a_contributor_only_once_followed(self, mailoutbox):
        page = Client().get(SIGNUP)
        response = sign_up(Client())

        assert page.status_code == 200
        assert 'name="email"' in page.text
        assert response.status_code == 302
        assert response.headers["Location"] == SENT
        assert "Check your e-mail" in Client().get(SENT).text
        assert not User.objects.filter(email="newcomer@example.com").exists()
        (message,) = mailoutbox
        assert message.to == ["newcomer@example.com"]
        assert message.subject == "Confirm your address to join The Great Django Blog"
        (path,) = links_in(message)

        client = Client()
        join_page = client.get(path)
        joined = join(client, path)

        assert join_page.status_code == 200
        assert "Finish signing up" in join_page.text
        assert "Contributor" in join_page.text
        assert joined.headers["Location"] == "/cadmin/"
        user = User.objects.get(username="newcomer")
        assert (user.email, role_of(user)) == ("newcomer@example.com", Role.CONTRIBUTOR)
        assert signed_in_as(client) == str(user.pk)
        event = AccountEvent.objects.get(kind=AccountEvent.Kind.SIGNED_UP)
        assert (event.user, event.detail) == (user, "As Contributor, address confirmed")
        assert Invitation.objects.get().invited_by is None

    def test_an_address_with_an_account_gets_the_same_answer_and_a_notice(self, author, mailoutbox):
        known = sign_up(Client(), email="ALICE@example.com")
        unknown = sign_up(Client(), email="nobody@example.com")

        assert (known.status_code, known.headers["Location"]) == (
            unknown.status_code,
            unknown.headers["Location"],
        )
        notice, link = mailoutbox
        assert notice.to == ["alice@example.com"]
        assert "Someone tried to sign up" in notice.subject
        assert "It already\nbelongs to your account" in notice.body
        assert "/cadmin/password-reset/" in notice.body
        assert links_in(notice) == []
        assert links_in(link)
        assert User.objects.filter(email__iexact="alice@example.com").count() == 1
        assert not Invitation.objects.open().filter(email__iexact="alice@example.com").exists()

    def test_an_address_already_invited_gets_that_invitation_again_in_its_role(
        self, administrator, mailoutbox
    ):
        signed_in(administrator).post(
            "/cadmin/people/invite/", {"email": "newcomer@example.com", "role": Role.EDITOR}
        )
        (first_link,) = links_in(mailoutbox[0])

        sign_up(Client())

        assert len(mailoutbox) == 2
        assert mailoutbox[1].subject == "ada invited you to The Great Django Blog"
        (second_link,) = links_in(mailoutbox[1])
        assert join(Client(), second_link).status_code == 302
        assert role_of(User.objects.get(username="newcomer")) == Role.EDITOR
        assert join(Client(), first_link, username="again").status_code == 410

    def test_asking_again_makes_only_the_newest_link_work(self, mailoutbox):
        sign_up(Client())
        sign_up(Client())
        (old,), (new,) = links_in(mailoutbox[0]), links_in(mailoutbox[1])

        refused = join(Client(), old)
        accepted = join(Client(), new)

        assert refused.status_code == 410
        assert "A newer link was sent" in refused.text
        assert accepted.status_code == 302
        assert User.objects.filter(email="newcomer@example.com").count() == 1

    def test_a_sign_up_link_expires_too(self, mailoutbox):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            sign_up(Client())
            clock.shift(timedelta(days=7))

            response = join(Client(), links_in(mailoutbox[0])[0])

        assert response.status_code == 410
        assert "Sign up again" in response.text
        assert not User.objects.filter(email="newcomer@example.com").exists()

    def test_a_bad_address_is_a_400_and_sends_nothing(self, mailoutbox):
        response = sign_up(Client(), email="not an address")

        assert response.status_code == 400
        assert 'value="not an address"' in response.text
        assert mailoutbox == []

    @pytest.mark.parametrize(
        "email", ["", "newcomer\x00@example.com", "a" * 10_000 + "@example.com", "@", "a@b@c"]
    )
    def test_any_bad_address_is_a_400(self, email, mailoutbox):
        assert sign_up(Client(), email=email).status_code == 400
        assert not Invitation.objects.exists()
        assert mailoutbox == []


@pytest.mark.usefixtures("open_signup")
class TestRateLimit:
    def test_a_network_is_paused_after_its_hourly_share(self, settings, mailoutbox):
        settings.TGDB_SIGNUPS_PER_IP = 3
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            answers = []
            for n in range(3):
                answers.append(sign_up(Client(), email=f"person{n}@example.com").status_code)
                clock.shift(timedelta(minutes=10))

            paused = sign_up(Client(), email="one-more@example.com")
            elsewhere = sign_up(Client(), email="elsewhere@example.com", REMOTE_ADDR="10.0.0.9")
            clock.shift(timedelta(minutes=30))  # the first request is an hour old
            later = sign_up(Client(), email="one-more@example.com")

        assert answers == [302, 302, 302]
        assert paused.status_code == 429
        assert paused.headers["Retry-After"] == str(30 * 60)
        assert "Signing up is paused" in paused.text
        assert "30 minutes" in paused.text
        assert elsewhere.status_code == 302
        assert later.status_code == 302
        assert [message.to for message in mailoutbox] == [
            ["person0@example.com"],
            ["person1@example.com"],
            ["person2@example.com"],
            ["elsewhere@example.com"],
            ["one-more@example.com"],
        ]

    def test_addresses_with_an_account_count_like_any_other(self, settings, author):
        """Otherwise the pause would come later for known addresses, and tell them apart."""
        settings.TGDB_SIGNUPS_PER_IP = 2

        sign_up(Client(), email="alice@example.com")
        sign_up(Client(), email="alice@example.com")

        assert sign_up(Client(), email="newcomer@example.com").status_code == 429
        assert not User.objects.filter(email="newcomer@example.com").exists()
