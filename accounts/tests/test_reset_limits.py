"""Password-reset e-mail cannot be used to flood a mailbox or hammer the site: an address gets
at most 3 e-mails an hour, and one IP may ask 20 times an hour. The answer to an address still
never tells whether anyone owns it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from accounts.models import AccountEvent
from tests.factories import UserFactory
from tests.password_reset import RESET_URL

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

SENT_URL = "/cadmin/password-reset/sent/"
ELSEWHERE = "203.0.113.9"


def ask(client, email: str, ip: str = "127.0.0.1"):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=ip)


def let_an_hour_pass() -> None:
    for event in AccountEvent.objects.filter(kind="reset_requested"):
        event.created_at -= timedelta(minutes=61)
        event.save(update_fields=["created_at"])


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.com")


def test_an_address_gets_three_emails_an_hour_and_then_the_same_answer_without_one(client, alice):
    answers = [ask(client, address) for address in ("alice@example.com", "ALICE@example.com")]
    answers += [ask(client, "alice@example.com"), ask(client, "Alice@Example.com")]

    assert [answer.status_code for answer in answers] == [302, 302, 302, 302]
    assert {answer["Location"] for answer in answers} == {SENT_URL}
    assert len(mail.outbox) == 3
    assert all(message.to == ["alice@example.com"] for message in mail.outbox)


def test_an_address_gets_emails_again_after_an_hour(client, alice):
    for _ in range(4):
        ask(client, "alice@example.com")
    assert len(mail.outbox) == 3

    let_an_hour_pass()
    ask(client, "alice@example.com")

    assert len(mail.outbox) == 4


def test_an_unknown_address_gets_the_same_answers_and_never_an_email(client, alice):
    answers = [ask(client, "nobody@example.com") for _ in range(4)]

    assert [(a.status_code, a["Location"]) for a in answers] == [(302, SENT_URL)] * 4
    assert mail.outbox == []


def test_one_address_having_had_its_share_does_not_stop_another(client, alice):
    bob = UserFactory(username="bob", email="bob@example.com")
    for _ in range(4):
        ask(client, "alice@example.com")

    ask(client, "bob@example.com")

    assert mail.outbox[-1].to == [bob.email]


def test_one_ip_is_paused_after_twenty_requests_an_hour_but_others_are_not(client, alice):
    for number in range(20):
        assert ask(client, f"someone{number}@example.com").status_code == 302

    paused = ask(client, "alice@example.com")
    elsewhere = ask(Client(), "alice@example.com", ip=ELSEWHERE)

    assert paused.status_code == 429
    assert "Password reset is paused" in paused.text
    assert 0 < int(paused["Retry-After"]) <= 3600
    assert "60 minutes" in paused.text
    assert elsewhere.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]


def test_the_ip_pause_lifts_after_an_hour(client, alice):
    for number in range(20):
        ask(client, f"someone{number}@example.com")
    assert ask(client, "alice@example.com").status_code == 429

    let_an_hour_pass()

    assert ask(client, "alice@example.com").status_code == 302
    assert len(mail.outbox) == 1


def test_the_limits_come_from_settings(client, alice, settings):
    settings.TGDB_RESET_EMAILS_PER_ADDRESS = 1
    settings.TGDB_RESET_REQUESTS_PER_IP = 2

    ask(client, "alice@example.com")
    ask(client, "alice@example.com")

    assert len(mail.outbox) == 1
    assert ask(client, "alice@example.com").status_code == 429


def test_each_request_is_on_the_owners_activity_page(client, alice):
    ask(client, "ALICE@example.com", ip=ELSEWHERE)

    event = AccountEvent.objects.get(kind="reset_requested")
    assert (event.user, event.username, event.ip_address) == (alice, "alice@example.com", ELSEWHERE)
    client.force_login(alice)
    page = client.get("/cadmin/activity/").text
    assert "Password reset e-mail asked for" in page
    assert ELSEWHERE in page
