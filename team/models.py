"""Invitations: how a new member of the team gets an account, by an administrator's invitation
or, with TGDB_OPEN_SIGNUP, by signing up and proving the address.

One row is one offer of an account to one address, with one role. Its e-mailed link
(team/invitations.py) carries the row's id and nonce, signed: sending it again replaces the
nonce, so only the newest link works. A row is open until it is accepted or revoked, and
pending while it is open and younger than TGDB_INVITATION_DAYS; the database keeps at most one
open row per address, so there is never a choice of two roles for one person.

A sign-up leaves a row for every request, with the network it came from (ip_address), because
that is how requests are counted per network: a request whose address needs no new link (it
already has an account, or an invitation waiting) leaves a row closed at once (revoked_at), so
it counts like any other and the answer never tells which addresses are known.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .roles import Role

NONCE_BYTES = 16


def new_nonce() -> str:
    return secrets.token_urlsafe(NONCE_BYTES)


def lifetime() -> timedelta:
    return timedelta(days=settings.TGDB_INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        """Neither accepted nor revoked (an expired one may still be sent again)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self) -> "InvitationQuerySet":
        """Open and its link still in date: what administrators see waiting."""
        return self.open().filter(sent_at__gt=timezone.now() - lifetime())

    def for_address(self, email: str) -> "InvitationQuerySet":
        return self.filter(email__iexact=email)

    def from_network(self, ip_address: str | None, since) -> "InvitationQuerySet":
        """Sign-ups asked for from one network (administrators' invitations keep no address)."""
        return self.filter(ip_address=ip_address, created_at__gt=since)


class Invitation(models.Model):
    email = models.EmailField("e-mail address")
    role = models.CharField(max_length=20, choices=Role.choices)
    # The newcomer asked for it themselves (TGDB_OPEN_SIGNUP): then nobody invited them.
    signed_up = models.BooleanField(default=False)
    # None for a sign-up, or once the inviting account is deleted.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the current link was sent: it expires TGDB_INVITATION_DAYS later.
    sent_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # None with revoked_at set: closed by a newer sign-up for the address, or at once.
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nonce = models.CharField(max_length=32, default=new_nonce)
    # Only for sign-ups: the network that asked, for TGDB_SIGNUPS_PER_IP.
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
            ),
        ]
        indexes = [models.Index(fields=["ip_address", "created_at"], name="invitation_network")]

    def __str__(self) -> str:
        return f"{self.email} as {self.role}"

    @property
    def expires_at(self):
        return self.sent_at + lifetime()

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def inviter_name(self) -> str:
        if self.invited_by is not None:
            return self.invited_by.byline
        return "" if self.signed_up else "a former member of the team"
