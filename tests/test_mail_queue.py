"""E-mail off the request path, as production runs it: gunicorn with DJANGO_DEBUG=0 queues
every e-mail in the database, and a real `manage.py db_worker` sends it. A mail server that
stalls or refuses connections slows down and breaks nothing a visitor does; the e-mail arrives
once the server answers."""

import json
import time
from dataclasses import dataclass

import pytest
from django.core.management.utils import get_random_secret_key

from tests import patience
from tests.processes import manage, printed_json, run, wait_until
from tests.servers import (
    Browser,
    Gunicorn,
    TaskWorker,
    create_user,
    django_shell,
    migrate,
    production_environment,
)
from tests.services import free_port
from tests.smtp import SMTPServer

pytestmark = pytest.mark.own_services

PASSWORD = "Quiet-river-crossing-42"
RESET_URL = "/cadmin/password-reset/"
SENT_URL = "/cadmin/password-reset/sent/"

ADD_AUTHENTICATOR = """
from django.contrib.auth import get_user_model
from tests.two_factor import add_authenticator, recovery_codes
user = get_user_model().objects.get(username="alice")
add_authenticator(user)
print(recovery_codes(user)[0])
"""

QUEUE = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps([
    [row.task_path.rsplit(".", 1)[1], row.args_kwargs["kwargs"], row.status,
     (row.run_after - row.enqueued_at).total_seconds()]
    for row in DBTaskResult.objects.order_by("enqueued_at")
]))
"""


@dataclass
class Site:
    variables: dict[str, str]  # of a production app server
    recovery_code: str  # one of alice's


@pytest.fixture
def site(tmp_path) -> Site:
    """A migrated SQLite database with alice, her authenticator app and recovery codes."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    create_user(url, "alice", PASSWORD)
    recovery_code = django_shell(ADD_AUTHENTICATOR, DATABASE_URL=url).split()[-1]
    return Site(production_environment(url, get_random_secret_key()), recovery_code)


def ask_for_a_reset_link(server: Gunicorn, address: str):
    return Browser().submit(f"{server.url}{RESET_URL}", {"email": address})


def sign_in_with_a_recovery_code(server: Gunicorn, code: str):
    """The password, then the second step with a recovery code, which e-mails a notice."""
    browser = Browser()
    password_step = browser.sign_in(server.url, "alice", PASSWORD)
    assert password_step.status == 302, password_step.text
    assert password_step.headers["Location"].startswith("/cadmin/login/verify/")
    return browser.submit(f"{server.url}/cadmin/login/verify/", {"otp_token": code})


def queue(variables: dict[str, str]) -> list:
    return json.loads(django_shell(QUEUE, **variables).strip().splitlines()[-1])


def test_sign_in_and_reset_answer_while_the_mail_server_stalls_and_the_mail_arrives_later(site):
    with SMTPServer(stalled=True) as smtp:
        # Longer than the test: the worker must still be waiting when the server answers.
        variables = {**site.variables, "EMAIL_URL": smtp.url, "TGDB_EMAIL_TIMEOUT": "120"}
        with Gunicorn(variables) as server, TaskWorker(variables) as worker:
            signed_in = sign_in_with_a_recovery_code(server, site.recovery_code)
            greeted_after_sign_in = smtp.greetings
            # The worker has taken the notice and waits for a greeting that does not come.
            smtp.wait_for(lambda s: s.connections == 1)
            reset = ask_for_a_reset_link(server, "alice@example.com")
            connections_after_reset, greeted_after_reset = smtp.connections, smtp.greetings

            smtp.answer()
            smtp.wait_for(lambda s: len(s.messages) == 2)
            notice, reset_mail = smtp.messages
            link = next(line for line in reset_mail.get_content().splitlines() if RESET_URL in line)
            followed = Browser().get(link)
            # The worker logs a task's end just after the mail server has its message.
            wait_until(lambda: worker.log().count("state=SUCCESSFUL") >= 2)
            worker_log = worker.log()

    assert reset.status == 302
    assert reset.headers["Location"] == SENT_URL
    assert signed_in.status == 302
    assert signed_in.headers["Location"] == "/cadmin/"
    # Both answered while the mail server had greeted nobody: neither waited for it, and the
    # app servers never even connected (the one connection is the worker's).
    assert greeted_after_sign_in == greeted_after_reset == 0
    assert connections_after_reset == 1
    assert reset_mail["To"] == notice["To"] == "alice@example.com"
    assert reset_mail["Subject"] == f"Reset your password on 127.0.0.1:{server.port}"
    assert notice["Subject"].startswith("Security notice: A recovery code was used to sign in")
    assert link.startswith(f"{server.url}{RESET_URL}")
    assert followed.status == 302  # the link the worker made opens the form on the app server
    assert followed.headers["Location"].endswith("/set-password/")
    assert worker_log.count("state=SUCCESSFUL") == 2


def test_with_the_mail_server_refusing_connections_a_reset_answers_as_usual_and_is_retried(site):
    port = free_port()  # nothing listens there: every connection is refused
    variables = {
        **site.variables,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "TGDB_EMAIL_RETRY_SECONDS": "1",
    }
    with Gunicorn(variables) as server:
        known = ask_for_a_reset_link(server, "alice@example.com")
        unknown = ask_for_a_reset_link(server, "nobody@example.com")

    first_run = manage("db_worker", "--batch", "--no-startup-delay", **variables)
    after_first_run = queue(variables)
    with SMTPServer(port=port) as smtp:
        deadline = time.monotonic() + patience.CONDITION
        while not smtp.messages and time.monotonic() < deadline:
            time.sleep(0.5)  # the retry runs a second after the failure, not before
            manage("db_worker", "--batch", "--no-startup-delay", **variables)
        delivered = list(smtp.messages)
    after_retry = queue(variables)

    assert known.status == unknown.status == 302
    assert known.headers["Location"] == unknown.headers["Location"] == SENT_URL
    assert first_run.returncode == 0, first_run.stderr
    assert (
        "Password-reset e-mail for alice@example.com: attempt 1 of 8 failed "
        "(ConnectionRefusedError" in first_run.stderr
    )
    assert "next attempt in 1 s" in first_run.stderr
    alice, nobody, retry = after_first_run
    assert [alice[0], alice[1]["email"], alice[1].get("attempt", 1), alice[2]] == [
        "send_password_reset",
        "alice@example.com",
        1,
        "FAILED",
    ]
    # An unknown address is no failure: there is simply nobody to write to.
    assert [nobody[1]["email"], nobody[2]] == ["nobody@example.com", "SUCCESSFUL"]
    assert [retry[1]["email"], retry[1]["attempt"], retry[2]] == ["alice@example.com", 2, "READY"]
    assert 0.5 < retry[3] < 5  # run after about a second
    assert [message["To"] for message in delivered] == ["alice@example.com"]
    assert RESET_URL in delivered[0].get_content()
    assert [row[2] for row in after_retry] == ["FAILED", "SUCCESSFUL", "SUCCESSFUL"]


PRINT_TASKS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps([settings.TASKS["default"]["BACKEND"], settings.EMAIL_TIMEOUT]))
"""


def tasks_settings(**variables: str) -> list:
    return printed_json(run(["-c", PRINT_TASKS], **variables))


def test_development_sends_e_mail_at_once_and_production_queues_it():
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": get_random_secret_key()}

    assert tasks_settings()[0] == "django_tasks.backends.immediate.ImmediateBackend"
    assert tasks_settings(**production)[0] == "django_tasks_db.DatabaseBackend"
    assert tasks_settings(TGDB_TASKS_BACKEND="database")[0] == "django_tasks_db.DatabaseBackend"
    assert tasks_settings(**production, TGDB_TASKS_BACKEND="immediate")[0] == (
        "django_tasks.backends.immediate.ImmediateBackend"
    )
    assert tasks_settings()[1] == 20
    assert tasks_settings(TGDB_EMAIL_TIMEOUT="5")[1] == 5


def test_an_unknown_tasks_backend_is_refused():
    result = manage("check", TGDB_TASKS_BACKEND="celery")

    assert result.returncode != 0
    assert "TGDB_TASKS_BACKEND must be immediate or database." in result.stderr
