"""Changing an account's e-mail address: asked for on the profile page, applied by a link.

Password resets and security notices go to the address, so whoever controls it controls the
account. A new address therefore takes effect only when someone signed in to the account
follows the link e-mailed to it, which proves the address is theirs; the old address is told
when the change is asked for and again when it is made, in case it was not its owner asking.

Each request sends two e-mails, so an account may ask TGDB_EMAIL_CHANGES_PER_HOUR times an
hour, counted on the activity trail (shared by every app server) like password-reset requests.

The link is signed (django.core.signing, its own salt) and lasts TGDB_EMAIL_CONFIRM_DAYS. It
names the account and the PendingEmail row, not the addresses, so no address ends up in a
server's access log. The row is replaced by a newer request and deleted once used, and it is
out of date as soon as the account's address changes in any other way: each link works once,
for the newest request only.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import mail, pauses
from accounts.audit import Kind, record
from accounts.models import AccountEvent
from mfa.notices import send_notice

from .models import PendingEmail

SALT = "profiles.email-change"
TAKEN = "Another account already uses this e-mail address."
WINDOW = timedelta(hours=1)


class LinkRefused(Exception):
    """Why a confirmation link cannot be used, in words for its reader, with the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def is_new_address(user, typed: str) -> bool:
    """Whether `typed` is another address than the account's (a change of case is not)."""
    return typed.strip().lower() != user.email.lower()


def is_taken(email: str, *, by_other_than) -> bool:
    return (
        get_user_model().objects.filter(email__iexact=email).exclude(pk=by_other_than.pk).exists()
    )


def masked(email: str) -> str:
    """n***@example.com: enough for the owner to recognise, little for anyone else."""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}***@{domain}"


def pending_for(user) -> PendingEmail | None:
    """The change waiting for its link to be followed, if it is still current."""
    pending = PendingEmail.objects.filter(user=user).first()
    if pending is None:
        return None
    pending.user = user
    return pending if pending.is_current() else None


def wait_before_asking(user) -> timedelta | None:
    """How long until `user` may ask for another new address; None if it may now."""
    asked = AccountEvent.objects.filter(kind=Kind.EMAIL_CHANGE_ASKED, user=user)
    return pauses.wait_left(asked, settings.TGDB_EMAIL_CHANGES_PER_HOUR, WINDOW)


def link_token(pending: PendingEmail) -> str:
    return signing.dumps({"user": pending.user_id, "pending": pending.pk}, salt=SALT)


def ask(request: HttpRequest, user, new_email: str) -> None:
    """Send the link to the new address and a notice to the old one; change nothing yet."""
    with transaction.atomic():
        PendingEmail.objects.filter(user=user).delete()
        pending = PendingEmail.objects.create(user=user, new_email=new_email, old_email=user.email)
    context = {
        "user": user,
        "new_email": new_email,
        "days": settings.TGDB_EMAIL_CONFIRM_DAYS,
        "confirm_url": request.build_absolute_uri(
            reverse("email_confirm", args=[link_token(pending)])
        ),
    }
    mail.send_email.enqueue(
        subject="Confirm your new e-mail address",
        body=render_to_string("profiles/email/confirm_email.txt", context),
        to=[new_email],
    )
    send_notice(
        request,
        user,
        f"Someone asked to change your account's e-mail address to {masked(new_email)}.",
        to=user.email,
    )
    record(request, Kind.EMAIL_CHANGE_ASKED, user=user, detail=f"{user.email or '—'} → {new_email}")


def pending_for_link(user, token: str) -> PendingEmail:
    """The change a link asks for, if `user` may make it now; LinkRefused says why not."""
    days = settings.TGDB_EMAIL_CONFIRM_DAYS
    try:
        payload = signing.loads(token, salt=SALT, max_age=days * 24 * 60 * 60)
    except signing.SignatureExpired:
        raise LinkRefused(
            f"This link has expired: links last {days} days. Your e-mail address was not "
            "changed; ask again from your profile to get a new link."
        ) from None
    except signing.BadSignature:
        raise LinkRefused(
            "This link is not valid: it may have been copied incompletely. Your e-mail address "
            "was not changed."
        ) from None
    if not isinstance(payload, dict) or payload.get("user") != user.pk:
        raise LinkRefused(
            "This link was sent for another account. Sign out, sign in to the account that "
            "asked for the change, and follow the link again. Nothing was changed.",
            status=403,
        )
    pending = PendingEmail.objects.filter(user=user, pk=payload.get("pending")).first()
    if pending is not None:
        pending.user = user
    if pending is None or not pending.is_current():
        raise LinkRefused(
            "This link was already used, or a newer request replaced it. Your e-mail address "
            "was not changed by it."
        )
    if is_taken(pending.new_email, by_other_than=user):
        raise LinkRefused(f"{TAKEN} Your e-mail address was not changed.")
    return pending


def apply(request: HttpRequest, pending: PendingEmail) -> None:
    """Make the change a followed link asked for, and tell the old address."""
    user, old_email = pending.user, pending.old_email
    try:
        with transaction.atomic():
            user.email = pending.new_email
            user.save(update_fields=["email"])
            pending.delete()
    except IntegrityError:  # another account took the address a moment ago
        user.email = old_email
        raise LinkRefused(f"{TAKEN} Your e-mail address was not changed.") from None
    record(request, Kind.EMAIL_CHANGED, user=user, detail=f"{old_email or '—'} → {user.email}")
    send_notice(
        request,
        user,
        f"The e-mail address of your account was changed to {masked(user.email)}.",
        to=old_email,
    )
