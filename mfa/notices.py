"""Short e-mail notices of changes to an account's security, sent to its own address.

The notice is written here, where the request tells when and from where, and sent by a
background task (accounts/mail.py), so a slow mail server never holds up the change."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import mail
from accounts.client_ip import client_ip


def send_notice(request: HttpRequest, user, what: str, *, to: str = "") -> None:
    """`what` is one sentence, such as "A passkey was added to your account.". It goes to the
    account's address, or to `to` (the old address, when the address itself changed)."""
    address = to or user.email
    if not address:
        return
    context = {
        "user": user,
        "what": what,
        "when": timezone.now(),
        "ip_address": client_ip(request),
        "security_url": request.build_absolute_uri(reverse("security")),
    }
    mail.send_email.enqueue(
        subject=f"Security notice: {what.rstrip('.')}",
        body=render_to_string("mfa/email/notice.txt", context),
        to=[address],
    )
