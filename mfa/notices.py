"""Short e-mail notices of changes to an account's security, sent to its own address.

The notice is written here, where the request tells when and from where, and sent by a
background task (accounts/mail.py), so a slow mail server never holds up the change."""

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import mail
from accounts.backends import user_for_login
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


# However often an account is locked out, its owner hears of it at most this often.
LOCKOUT_NOTICE_EVERY = 60 * 60


def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    """Someone guessed the account's password until sign-in paused: tell its owner."""
    typed = getattr(request, "axes_credentials", {}) or {}
    user = user_for_login(request, str(typed.get("username") or username or ""))
    if user is None or not cache.add(f"lockout-notice:{user.pk}", 1, LOCKOUT_NOTICE_EVERY):
        return
    send_notice(
        request,
        user,
        "Signing in to your account was paused after too many wrong passwords or codes.",
    )


def connect_lockout_notice() -> None:
    """Called from AppConfig.ready(): axes' signal module connects its own receivers first."""
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="mfa_lockout_notice")
