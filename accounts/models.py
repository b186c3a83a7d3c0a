"""Identity for both sign-in doors, and the record of what happened to each account."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.dispatch import Signal

from .validators import UsernameValidator

USER_AGENT_MAX_LENGTH = 255
USERNAME_TRIED_MAX_LENGTH = 150
DETAIL_MAX_LENGTH = 200


# Sent when a right password's stored hash was upgraded (new parameters, the same password),
# with `user` and `old_session_auth_hash`: the sessions signed in under the old hash belong to
# the same person and should stay signed in (usersessions.records moves them).
password_rehashed = Signal()


DISPLAY_NAME_MAX_LENGTH = 100
BIO_MAX_LENGTH = 500


class User(AbstractUser):
    """The site's user. E-mail addresses are unique ignoring case, so one can sign in with it.

    The display name is the byline readers see; the bio is shown on the author's page."""

    # Django's field, with our one rule for usernames (accounts.validators: no "@").
    username = models.CharField(
        "username",
        max_length=150,
        unique=True,
        help_text="150 characters or fewer: letters, digits and . + - _ only.",
        validators=[UsernameValidator()],
        error_messages={"unique": "A user with that username already exists."},
    )
    display_name = models.CharField(
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text="The name readers see on your posts. Leave blank to show your username.",
    )
    bio = models.TextField(
        max_length=BIO_MAX_LENGTH, blank=True, help_text="A few words about you, for readers."
    )

    @property
    def byline(self) -> str:
        return self.display_name or self.get_full_name() or self.get_username()

    def check_password(self, raw_password: str) -> bool:
        """Django's, telling `password_rehashed` when the hash was upgraded on the way."""

        def upgrade(raw_password: str) -> None:
            old_session_auth_hash = self.get_session_auth_hash()
            self.set_password(raw_password)
            self._password = None  # an upgrade is not a password change (as Django's setter)
            self.save(update_fields=["password"])
            password_rehashed.send(
                sender=type(self), user=self, old_session_auth_hash=old_session_auth_hash
            )

        return check_password(raw_password, self.password, upgrade)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        # Administrators' power (team.roles): people, roles and invitations.
        permissions = [("manage_people", "Can invite people and change their roles")]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_email_ignoring_case",
                violation_error_message="Another account already uses this e-mail address.",
            ),
        ]


class AccountEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AccountEventQuerySet":
        """A superuser sees everyone's events; anyone else only their own."""
        events = self.select_related("user")
        return events if user.is_superuser else events.filter(user=user)

    def older_than(self, moment) -> "AccountEventQuerySet":
        return self.filter(created_at__lt=moment)


class AccountEvent(models.Model):
    """One sign-in, failure, lockout, sign-out, password change or reset, second-factor step or
    change. Never a password, a code or a secret."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGNED_OUT = "signed_out", "Signed out"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset"
        RESET_REQUESTED = "reset_requested", "Password reset e-mail asked for"
        SECOND_STEP_PASSED = "second_step_passed", "Second step passed"
        SECOND_STEP_FAILED = "second_step_failed", "Second step failed"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        PASSKEY_SIGNED_IN = "passkey_signed_in", "Signed in with a passkey"
        TRUSTED_BROWSER_USED = "trusted_browser_used", "Signed in on a trusted browser"
        FACTOR_ADDED = "factor_added", "Second factor added"
        FACTOR_REMOVED = "factor_removed", "Second factor removed"
        FACTOR_RENAMED = "factor_renamed", "Passkey renamed"
        RECOVERY_CODES_MADE = "recovery_codes_made", "New recovery codes made"
        TRUST_ENDED = "trust_ended", "Trusted browsers forgotten"
        CONFIRMED = "confirmed", "Confirmed it was them"
        CONFIRM_FAILED = "confirm_failed", "Failed to confirm it was them"
        EMAIL_CHANGED = "email_changed", "E-mail address changed"
        SESSION_ENDED = "session_ended", "Signed out elsewhere"
        NOT_ME = "not_me", "Sign-in reported: this wasn't me"
        EMAIL_CHANGE_ASKED = "email_change_asked", "E-mail change asked for"
        INVITED = "invited", "Invited"
        INVITATION_RESENT = "invitation_resent", "Invitation sent again"
        INVITATION_REVOKED = "invitation_revoked", "Invitation revoked"
        INVITATION_ACCEPTED = "invitation_accepted", "Joined by invitation"
        SIGNED_UP = "signed_up", "Signed up"
        ROLE_CHANGED = "role_changed", "Role changed"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"

    class Door(models.TextChoices):
        BLOG = "blog", "Blog (/login/)"
        CADMIN = "cadmin", "Dashboard (/cadmin/)"
        ADMIN = "admin", "Django admin (/admin/)"
        OTHER = "other", "Other"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    door = models.CharField(max_length=10, choices=Door.choices)
    username = models.CharField("username tried", max_length=USERNAME_TRIED_MAX_LENGTH, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=USER_AGENT_MAX_LENGTH, blank=True)
    # What the event was about, in words: "Authenticator app", "Passkey “YubiKey”", "9 left".
    detail = models.CharField(max_length=DETAIL_MAX_LENGTH, blank=True)

    objects = AccountEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="event_user_newest_first")]

    def __str__(self) -> str:
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{self.get_kind_display()}: {self.username or '-'} at {when}"
