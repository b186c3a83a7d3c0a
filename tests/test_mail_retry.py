"""E-mail that cannot be sent (accounts/mail.py): each failure is logged and the task is queued
again for later with the next attempt number, the wait doubling up to an hour, until the last
attempt gives up. A request only queues, the same task for any address.

The mail server is a real SMTP connection to a loopback port nobody listens on. Where a test
reads what was queued, the task backend is django-tasks' dummy one, which keeps it in memory.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail as outbox
from django.template import TemplateDoesNotExist
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from accounts import mail
from mfa.notices import send_notice
from tests.password_reset import RESET_URL, emailed_link, set_password_path
from tests.services import free_port

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
NOTICE = {
    "subject": "Security notice: A passkey was added to your account",
    "body": "A passkey was added to your account.",
    "to": ["alice@example.com"],
}
RESET = {
    "email": "alice@example.com",
    "domain": "testserver",
    "use_https": False,
    "email_template_name": "cadmin/email/password_reset.txt",
    "subject_template_name": "cadmin/email/password_reset_subject.txt",
    "extra_email_context": {"next": ""},
}


@pytest.fixture
def queued(settings) -> list:
    """What the site queues, kept in memory instead of being run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"].results


@pytest.fixture
def refusing_mail_server(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there: every connection is refused


def log_lines(caplog, level: str) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "accounts.mail" and r.levelname == level
    ]


def test_the_wait_doubles_after_each_failed_attempt_up_to_an_hour(settings):
    settings.TGDB_EMAIL_RETRY_SECONDS = 60

    waits = [mail.retry_delay(attempt).total_seconds() for attempt in range(1, 10)]

    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_by_default_the_attempts_span_about_two_hours(settings):
    waits = [mail.retry_delay(attempt) for attempt in range(1, settings.TGDB_EMAIL_ATTEMPTS)]

    assert settings.TGDB_EMAIL_ATTEMPTS == 8
    assert sum(waits, timedelta()) == timedelta(hours=2, minutes=3)


def test_a_notice_that_cannot_be_sent_is_logged_and_queued_again_for_a_minute_later(
    queued, refusing_mail_server, caplog
):
    with time_machine.travel(NOW, tick=False), pytest.raises(ConnectionRefusedError):
        mail.send_email.call(**NOTICE)

    [retry] = queued
    assert retry.task.func is mail.send_email.func
    assert retry.task.run_after == NOW + timedelta(seconds=60)
    assert retry.kwargs == {**NOTICE, "attempt": 2}
    [warning] = log_lines(caplog, "WARNING")
    assert warning.startswith(
        "E-mail 'Security notice: A passkey was added to your account' to alice@example.com: "
        "attempt 1 of 8 failed (ConnectionRefusedError: "
    )
    assert warning.endswith("; next attempt in 60 s")


def test_each_attempt_waits_twice_as_long_as_the_one_before(queued, refusing_mail_server):
    with time_machine.travel(NOW, tick=False), pytest.raises(ConnectionRefusedError):
        mail.send_email.call(**NOTICE, attempt=3)

    [retry] = queued
    assert retry.task.run_after == NOW + timedelta(seconds=240)
    assert retry.kwargs["attempt"] == 4


def test_the_last_attempt_gives_up_and_queues_nothing(queued, refusing_mail_server, caplog):
    with pytest.raises(ConnectionRefusedError):
        mail.send_email.call(**NOTICE, attempt=8)

    assert queued == []
    assert log_lines(caplog, "WARNING") == []
    [error] = log_lines(caplog, "ERROR")
    assert "attempt 8 of 8 failed (ConnectionRefusedError: " in error
    assert error.endswith("; giving up")


def test_a_failed_reset_e_mail_is_queued_again_with_the_address_and_never_the_link(
    author, queued, refusing_mail_server
):
    with pytest.raises(ConnectionRefusedError):
        mail.send_password_reset.call(**RESET)

    [retry] = queued
    assert retry.task.func is mail.send_password_reset.func
    # The link is made afresh by each attempt; what waits in the queue could not open anything.
    assert retry.kwargs == {**RESET, "attempt": 2}


def test_a_later_attempt_sends_a_link_that_works(client, author):
    mail.send_password_reset.call(**RESET, attempt=2)

    [message] = outbox.outbox
    path, _ = emailed_link(message)
    assert message.to == ["alice@example.com"]
    assert client.get(path).headers["Location"] == set_password_path(author)


def test_a_bug_is_not_mistaken_for_a_mail_server_failure_and_is_not_retried(author, queued):
    with pytest.raises(TemplateDoesNotExist):
        mail.send_password_reset.call(**{**RESET, "email_template_name": "no/such.txt"})

    assert queued == []


def test_a_reset_request_queues_the_same_task_for_known_and_unknown_addresses(
    client, author, queued
):
    known = client.post(RESET_URL, {"email": "alice@example.com"})
    unknown = client.post(RESET_URL, {"email": "nobody@example.com"})

    assert known.headers["Location"] == unknown.headers["Location"]
    # Nothing was written or sent during either request: both only queued a task.
    assert outbox.outbox == []
    for_known, for_unknown = queued
    assert for_known.task.func is for_unknown.task.func is mail.send_password_reset.func
    assert for_known.kwargs == RESET
    assert for_unknown.kwargs == {**RESET, "email": "nobody@example.com"}


def test_an_address_over_its_hourly_share_gets_no_task(client, author, queued, settings):
    settings.TGDB_RESET_EMAILS_PER_ADDRESS = 2

    for _ in range(3):
        client.post(RESET_URL, {"email": "alice@example.com"})

    assert len(queued) == 2


def test_a_security_notice_is_queued_and_not_sent(rf, author, queued):
    send_notice(rf.get("/cadmin/security/"), author, "A passkey was added to your account.")

    [notice] = queued
    assert outbox.outbox == []
    assert notice.task.func is mail.send_email.func
    assert notice.kwargs["subject"] == "Security notice: A passkey was added to your account"
    assert notice.kwargs["to"] == ["alice@example.com"]
    assert "http://testserver/cadmin/security/" in notice.kwargs["body"]


def test_with_the_immediate_backend_a_refusing_mail_server_fails_no_request(
    client, author, refusing_mail_server, caplog
):
    response = client.post(RESET_URL, {"email": "alice@example.com"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/cadmin/password-reset/sent/"
    assert outbox.outbox == []
    # Sent at once, inside the request: there is no "later" to try again at.
    [error] = log_lines(caplog, "ERROR")
    assert error.startswith("Password-reset e-mail for alice@example.com: attempt 1 of 8 failed")
    assert error.endswith("; not tried again: this task backend cannot run it later")


def test_with_the_database_backend_a_request_leaves_one_row_for_the_worker(
    client, author, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    client.post(RESET_URL, {"email": "alice@example.com"})

    [row] = DBTaskResult.objects.all()
    assert outbox.outbox == []
    assert row.task_path == "accounts.mail.send_password_reset"
    assert row.status == "READY"
    assert row.args_kwargs == {"args": [], "kwargs": RESET}
