"""Inviting people to the team, and the one-time links that turn an invitation into an account.

An invitation's link is `signing.dumps({"i": id, "n": nonce})` with a salt of its own: the
signature proves the site made it, and the row decides whether it still works (the same nonce,
not accepted, not revoked, and sent less than TGDB_INVITATION_DAYS ago). Sending again replaces
the nonce, so every earlier link stops working; accepting claims the row with a conditional
UPDATE, so a double submit, or two browsers at once, make one account.

The link is made by the background task that writes the e-mail (`send_link`), from the row, so
it is never stored in the task table, as the password-reset task keeps its link out of it.
"""

import secrets
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts import mail, pauses
from accounts.audit import Kind, record
from accounts.client_ip import client_ip
from mfa import policy
from mfa.sign_in import sign_in

from .forms import InviteForm
from .models import Invitation, lifetime, new_nonce
from .roles import DESCRIPTIONS, Role, set_role

SALT = "team.invitation"
SITE_NAME = "The Great Django Blog"


class InviteRefused(Exception):
    """What an administrator is told instead: the address has an account, or the like."""


class Reason(Enum):
    """Why a link makes no account (team/join_unusable.html words each)."""

    INVALID = "invalid"  # not a link the site made, or cut short
    USED = "used"
    REVOKED = "revoked"  # by an administrator
    REPLACED = "replaced"  # a newer link went to the same address
    EXPIRED = "expired"
    TAKEN = "taken"  # another account has the address by now

    @property
    def status(self) -> int:
        """A link the site never made is a bad request; one that worked once is gone."""
        return 400 if self is Reason.INVALID else 410


class Unusable(Exception):
    def __init__(self, reason: Reason, invitation: Invitation | None = None) -> None:
        super().__init__(reason.name)
        self.reason = reason
        self.invitation = invitation


def normalized(email: str) -> str:
    return BaseUserManager.normalize_email(email.strip())


def address_problem(email: str) -> str | None:
    """Why no invitation may go to `email` (another account has it, in any case), or None."""
    user = get_user_model()._default_manager.filter(email__iexact=email).first()
    if user is None:
        return None
    if user.is_active:
        return f"{user.get_username()} already uses this address."
    return (
        f"A deactivated account ({user.get_username()}) uses this address: reactivate it instead."
    )


def _address_taken(email: str) -> bool:
    return get_user_model()._default_manager.filter(email__iexact=email).exists()


# --- The link --------------------------------------------------------------------------------


def make_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT)


def link_path(invitation: Invitation) -> str:
    """The path of the invitee's page, as the e-mail links to it."""
    return reverse("accept_invitation", args=[make_token(invitation)])


def _problem(invitation: Invitation, nonce: str) -> Reason | None:
    if invitation.accepted_at is not None:
        return Reason.USED
    if invitation.revoked_at is not None:
        # Closed without an administrator: a newer sign-up for the address replaced it.
        return Reason.REVOKED if invitation.revoked_by_id else Reason.REPLACED
    if not secrets.compare_digest(invitation.nonce, nonce):
        return Reason.REPLACED
    if invitation.is_expired:
        return Reason.EXPIRED
    if _address_taken(invitation.email):
        return Reason.TAKEN
    return None


def find(token: str) -> Invitation:
    """The invitation this link opens, or Unusable saying why it opens none."""
    try:
        data = signing.loads(token, salt=SALT, max_age=lifetime())
    except signing.SignatureExpired:
        raise Unusable(Reason.EXPIRED) from None
    except signing.BadSignature:
        raise Unusable(Reason.INVALID) from None
    pk, nonce = (data.get("i"), data.get("n")) if isinstance(data, dict) else (None, None)
    if not isinstance(pk, int) or not isinstance(nonce, str):
        raise Unusable(Reason.INVALID)
    invitation = Invitation.objects.select_related("invited_by").filter(pk=pk).first()
    if invitation is None:
        raise Unusable(Reason.INVALID)
    problem = _problem(invitation, nonce)
    if problem is not None:
        raise Unusable(problem, invitation)
    return invitation


def _site(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _send(request: HttpRequest, invitation: Invitation) -> None:
    send_link.enqueue(invitation_id=invitation.pk, nonce=invitation.nonce, site=_site(request))


@task()
def send_link(invitation_id: int, nonce: str, site: str, attempt: int = 1) -> None:
    """The invitation (or sign-up confirmation) e-mail, with its link. `site` is the scheme
    and host of the request that sent it."""
    invitation = (
        Invitation.objects.select_related("invited_by")
        .filter(pk=invitation_id, nonce=nonce)
        .first()
    )
    if invitation is None or not invitation.is_open or invitation.is_expired:
        return  # sent again, withdrawn or used before this e-mail left: it would not work
    context = {
        "invitation": invitation,
        "inviter": invitation.inviter_name,
        "role_description": DESCRIPTIONS[Role(invitation.role)],
        "url": site + link_path(invitation),
        "site_name": SITE_NAME,
    }
    if invitation.signed_up:
        subject = f"Confirm your address to join {SITE_NAME}"
        body = render_to_string("team/email/sign_up.txt", context)
    else:
        subject = f"{invitation.inviter_name} invited you to {SITE_NAME}"
        body = render_to_string("team/email/invitation.txt", context)
    mail.deliver(
        send_link,
        {"invitation_id": invitation_id, "nonce": nonce, "site": site},
        attempt,
        f"Invitation e-mail to {invitation.email}",
        EmailMessage(subject, body, to=[invitation.email]).send,
    )


# --- What administrators do ------------------------------------------------------------------


def invite(request: HttpRequest, *, email: str, role: Role | str, invited_by) -> Invitation:
    """Invite `email` as `role`, or send an open invitation to it again, now in this role."""
    email, role = normalized(email), Role(role)
    problem = address_problem(email)
    if problem:
        raise InviteRefused(problem)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.open().for_address(email).select_for_update().first()
            detail = f"{email} as {role.label}"
            if invitation is None:
                invitation = Invitation(email=email)
            else:  # one open invitation per address: this one, in the new role, with a new link
                invitation.nonce, invitation.sent_at = new_nonce(), timezone.now()
                detail += ", again (the earlier link no longer works)"
            invitation.role, invitation.invited_by, invitation.signed_up = role, invited_by, False
            invitation.save()
            record(request, Kind.INVITED, user=invited_by, detail=detail)
    except IntegrityError:  # another administrator invited the address at this very moment
        raise InviteRefused("An invitation to this address was just made: see the list.") from None
    _send(request, invitation)
    return invitation


def resend(request: HttpRequest, invitation: Invitation) -> None:
    """A new link, valid for TGDB_INVITATION_DAYS from now; the earlier ones stop working."""
    problem = address_problem(invitation.email)
    if problem:
        raise InviteRefused(problem)
    nonce, now = new_nonce(), timezone.now()
    if not Invitation.objects.open().filter(pk=invitation.pk).update(nonce=nonce, sent_at=now):
        raise InviteRefused(f"The invitation to {invitation.email} was already used or revoked.")
    invitation.nonce, invitation.sent_at = nonce, now
    record(request, Kind.INVITATION_RESENT, user=request.user, detail=invitation.email)
    _send(request, invitation)


def revoke(request: HttpRequest, invitation: Invitation) -> None:
    now = timezone.now()
    closed = Invitation.objects.open().filter(pk=invitation.pk)
    if not closed.update(revoked_at=now, revoked_by=request.user):
        raise InviteRefused(f"The invitation to {invitation.email} was already used or revoked.")
    record(request, Kind.INVITATION_REVOKED, user=request.user, detail=invitation.email)


def people_page_context() -> dict:
    """What team/_invitations.html draws on the people page, in one query."""
    pending = Invitation.objects.pending().select_related("invited_by").order_by("sent_at", "pk")
    return {
        "invite_form": InviteForm(),
        "pending_invitations": list(pending),
        "invitation_days": settings.TGDB_INVITATION_DAYS,
    }


# --- What the invitee does -------------------------------------------------------------------


class UsernameTaken(Exception):
    pass


def accept(request: HttpRequest, invitation: Invitation, *, username: str, password: str | None):
    """Make the account, with the invited address and role, and use up the invitation.
    `password` None: no password (the newcomer adds a passkey next)."""
    user = get_user_model()(username=username, email=invitation.email)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)  # hashed before the transaction, which then stays short
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = (
                Invitation.objects.open()
                .filter(pk=invitation.pk, nonce=invitation.nonce, sent_at__gt=now - lifetime())
                .update(accepted_at=now)
            )
            if not claimed:
                held = invitation.nonce
                invitation.refresh_from_db()
                raise Unusable(_problem(invitation, held) or Reason.USED, invitation)
            if _address_taken(invitation.email):
                raise Unusable(Reason.TAKEN, invitation)
            user.save()
            set_role(user, invitation.role)
            Invitation.objects.filter(pk=invitation.pk).update(accepted_user=user)
            _record_joined(request, invitation, user)
    except IntegrityError:  # the username or the address was taken at this very moment
        if _address_taken(invitation.email):
            raise Unusable(Reason.TAKEN, invitation) from None
        raise UsernameTaken from None
    return user


def _record_joined(request: HttpRequest, invitation: Invitation, user) -> None:
    role = Role(invitation.role).label
    if invitation.signed_up:
        record(request, Kind.SIGNED_UP, user=user, detail=f"As {role}, address confirmed")
        return
    inviter = invitation.invited_by.get_username() if invitation.invited_by else "—"
    record(request, Kind.INVITATION_ACCEPTED, user=user, detail=f"As {role}, invited by {inviter}")


WELCOME = "Welcome, {name}! Your account is ready."
ADD_A_PASSKEY = (
    "Your account is made. Add a passkey now: it is how you will sign in, and nothing else "
    "opens until you have one."
)


def welcome(request: HttpRequest, user, *, passkey: bool) -> str:
    """Sign the new account in; where it goes first (the security page, when it must add a
    factor before anything else)."""
    sign_in(request, user, remember_me=False, has_factor=False)
    if passkey:
        # No password and no factor yet: only the security pages until a passkey is added.
        policy.require_passkey_first(request)
        messages.info(request, ADD_A_PASSKEY)
        return reverse("security") + "#passkeys"
    messages.success(request, WELCOME.format(name=user.get_username()))
    return reverse("security") if policy.must_add_factor(request) else reverse("home")


# --- Signing up (TGDB_OPEN_SIGNUP) -----------------------------------------------------------

SIGN_UP_WINDOW = timedelta(hours=1)


def sign_up(request: HttpRequest, email: str) -> None:
    """Send `email` a link to make a Contributor's account, or, when it needs none, a word
    saying so. Every request leaves one row and one e-mail, whatever the address."""
    email, ip, now = normalized(email), client_ip(request), timezone.now()
    fields = {"email": email, "role": Role.CONTRIBUTOR, "signed_up": True, "ip_address": ip}
    link = None
    with transaction.atomic():
        waiting = Invitation.objects.open().for_address(email).select_for_update().first()
        owner = get_user_model()._default_manager.filter(email__iexact=email).first()
        if owner is not None:
            Invitation.objects.create(**fields, revoked_at=now)
        elif waiting is not None and not waiting.signed_up and not waiting.is_expired:
            # An administrator's invitation is waiting: its link again, in its role.
            Invitation.objects.create(**fields, revoked_at=now)
            link = waiting
        else:
            if waiting is not None:  # an earlier sign-up's link, or an expired invitation
                Invitation.objects.filter(pk=waiting.pk).update(revoked_at=now)
            try:
                with transaction.atomic():
                    link = Invitation.objects.create(**fields)
            except IntegrityError:  # the same address asked at this very moment: that sends
                Invitation.objects.create(**fields, revoked_at=now)
    if owner is not None:
        _tell_owner(request, owner)
    elif link is not None:
        _send(request, link)


def _tell_owner(request: HttpRequest, owner) -> None:
    context = {
        "user": owner,
        "login_url": request.build_absolute_uri(reverse("login")),
        "reset_url": request.build_absolute_uri(reverse("password_reset")),
        "site_name": SITE_NAME,
    }
    mail.send_email.enqueue(
        subject=f"Someone tried to sign up to {SITE_NAME} with your address",
        body=render_to_string("team/email/sign_up_existing_account.txt", context),
        to=[owner.email],
    )


def _sign_ups_from(request: HttpRequest):
    return Invitation.objects.from_network(client_ip(request), timezone.now() - SIGN_UP_WINDOW)


def sign_up_paused(request: HttpRequest) -> bool:
    return _sign_ups_from(request).count() >= settings.TGDB_SIGNUPS_PER_IP


def sign_up_paused_response(request: HttpRequest) -> HttpResponse:
    """429, saying when this network may ask again."""
    oldest = _sign_ups_from(request).aggregate(oldest=Min("created_at"))["oldest"]
    remaining = oldest + SIGN_UP_WINDOW - timezone.now() if oldest else timedelta(minutes=1)
    return pauses.paused_response(request, "team/signup_paused.html", remaining)
