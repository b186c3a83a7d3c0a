"""Every e-mail the site sends goes out from a background task, never from the request.

A request only enqueues (django-tasks, configured by TASKS in tgdb/settings.py). With the
database backend (production) that is one row written in the request's own transaction, and
`manage.py db_worker` sends the message afterwards, so a slow or dead mail server can neither
slow down nor break a sign-in or a reset request. With the immediate backend (development) the
task runs at once inside the request, so `make run` needs no worker, and a failure is still
only logged.

A delivery that fails (the mail server refuses, stalls past EMAIL_TIMEOUT or answers with an
error) is logged and tried again later: django-tasks has no retry of its own, so the task
enqueues itself once more with a later `run_after` and the next attempt number, the wait
doubling from TGDB_EMAIL_RETRY_SECONDS up to an hour, for TGDB_EMAIL_ATTEMPTS attempts in
all. The failed attempt itself still ends as a failed task, with its traceback. The immediate
backend cannot run anything later, so there the first failure is the last.

The password-reset task takes the address as it was typed. The request enqueues it the same
way for every address, known or not, so its answer takes the same time either way; the
worker finds the account, makes the one-time link and writes the message. The link is never
stored in the task table.
"""

import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone
from django_otp_webauthn.models import WebAuthnCredential
from django_tasks import task
from django_tasks.base import Task

logger = logging.getLogger(__name__)

# What a mail server that is down, slow or unwilling raises; anything else is a bug, which a
# second attempt would not fix.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)
LONGEST_WAIT = timedelta(hours=1)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt` (counted from 1)."""
    first = timedelta(seconds=settings.TGDB_EMAIL_RETRY_SECONDS)
    return min(first * 2 ** (attempt - 1), LONGEST_WAIT)


def deliver(
    this_task: Task, arguments: dict, attempt: int, what: str, send: Callable[[], None]
) -> None:
    """Run `send`; when the mail server fails it, log that and enqueue the next attempt."""
    try:
        send()
    except DELIVERY_ERRORS as error:
        attempts = settings.TGDB_EMAIL_ATTEMPTS
        failure = (
            f"{what}: attempt {attempt} of {attempts} failed ({type(error).__name__}: {error})"
        )
        if attempt >= attempts:
            logger.error("%s; giving up", failure)
        elif not this_task.get_backend().supports_defer:
            logger.error("%s; not tried again: this task backend cannot run it later", failure)
        else:
            delay = retry_delay(attempt)
            this_task.using(run_after=timezone.now() + delay).enqueue(
                **arguments, attempt=attempt + 1
            )
            logger.warning("%s; next attempt in %d s", failure, delay.total_seconds())
        raise


@task()
def send_email(subject: str, body: str, to: list[str], attempt: int = 1) -> None:
    """A plain-text message from DEFAULT_FROM_EMAIL, written by the caller."""
    deliver(
        send_email,
        {"subject": subject, "body": body, "to": to},
        attempt,
        f"E-mail {subject!r} to {', '.join(to)}",
        EmailMessage(subject, body, to=to).send,
    )


class _DeliveringResetForm(PasswordResetForm):
    """Django's form, except that a failed delivery raises: Django logs it and carries on,
    which would leave nothing to try again."""

    def get_users(self, email):
        """Django's, and an account made without a password that never added its passkey (it
        joined choosing one, then its session ended): a password is its only way back in."""
        yield from super().get_users(email)
        has_passkey = WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)
        yield from get_user_model()._default_manager.filter(
            ~Exists(has_passkey),
            email__iexact=email,
            is_active=True,
            password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email=from_email, to=[to_email])
        if html_email_template_name is not None:
            html = render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        message.send()


@task()
def send_password_reset(
    email: str,
    domain: str,
    use_https: bool,
    email_template_name: str,
    subject_template_name: str,
    extra_email_context: dict,
    attempt: int = 1,
) -> None:
    """A one-time link to each active account with a password at `email`; nothing when there
    is none. `domain` and `use_https` are those of the request that asked for it."""
    arguments = {
        "email": email,
        "domain": domain,
        "use_https": use_https,
        "email_template_name": email_template_name,
        "subject_template_name": subject_template_name,
        "extra_email_context": extra_email_context,
    }
    form = _DeliveringResetForm({"email": email})
    if not form.is_valid():  # the view enqueues only addresses this form accepted
        logger.error("Password-reset e-mail for %r: not an e-mail address", email)
        return
    deliver(
        send_password_reset,
        arguments,
        attempt,
        f"Password-reset e-mail for {email}",
        lambda: form.save(
            domain_override=domain,
            use_https=use_https,
            email_template_name=email_template_name,
            subject_template_name=subject_template_name,
            extra_email_context=extra_email_context,
        ),
    )
