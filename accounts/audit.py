"""The account activity trail: who signed in, failed, was locked out, signed out or changed a
password, when, from where, and through which door. Passwords are never recorded."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse

from . import activity_version
from .backends import user_for_login
from .client_ip import client_ip
from .models import (
    DETAIL_MAX_LENGTH,
    USER_AGENT_MAX_LENGTH,
    USERNAME_TRIED_MAX_LENGTH,
    AccountEvent,
)

Kind = AccountEvent.Kind
Door = AccountEvent.Door
BLOG_DOOR_VIEWS = {"blog_login", "blog_login_verify", "blog_logout"}
# A view that finishes a sign-in begun at another door (a second step, a passkey) names that
# door on the request under this attribute; the sign-in's events then carry it.
DOOR_ATTRIBUTE = "sign_in_door"


def door_of(request: HttpRequest | None) -> str:
    if getattr(request, DOOR_ATTRIBUTE, None):
        return getattr(request, DOOR_ATTRIBUTE)
    match = getattr(request, "resolver_match", None)
    if match is None:
        return Door.OTHER
    if match.url_name in BLOG_DOOR_VIEWS:
        return Door.BLOG
    if request.path.startswith(reverse("admin:index")):
        return Door.ADMIN
    if request.path.startswith(reverse("home")):
        return Door.CADMIN
    return Door.OTHER


def record(
    request: HttpRequest | None, kind: str, *, user=None, username: str = "", detail: str = ""
) -> None:
    """Write one event; `username` is what was typed, defaulting to the user's name."""
    meta = request.META if request is not None else {}
    AccountEvent.objects.create(
        kind=kind,
        door=door_of(request),
        username=(username or (user.get_username() if user else ""))[:USERNAME_TRIED_MAX_LENGTH],
        user=user,
        ip_address=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH],
        detail=detail[:DETAIL_MAX_LENGTH],
    )
    activity_version.activity_changed([user.pk if user else None])


def _record_attempt(request: HttpRequest | None, kind: str, typed: str) -> None:
    """An attempt on a login that was typed: linked to its account when there is one."""
    user = user_for_login(request, typed) if typed else None
    record(request, kind, user=user, username=typed)


# Set on the request before login() when a sign-in is of a kind of its own (with a passkey).
SIGN_IN_KIND_ATTRIBUTE = "sign_in_kind"
# Set on the request before authenticate() when a password check is not a sign-in ("confirm
# it is you"), so its failure is recorded as what it is.
FAILED_ATTEMPT_KIND_ATTRIBUTE = "failed_attempt_kind"


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    record(request, getattr(request, SIGN_IN_KIND_ATTRIBUTE, Kind.SIGNED_IN), user=user)


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:  # signing out while anonymous is harmless and not an event
        record(request, Kind.SIGNED_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is not None and not getattr(request, "credentials_checked", False):
        return  # refused unchecked during a lockout: _locked_out below records that
    kind = getattr(request, FAILED_ATTEMPT_KIND_ATTRIBUTE, Kind.SIGN_IN_FAILED)
    _record_attempt(request, kind, str(credentials.get("username") or ""))


def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    typed = getattr(request, "axes_credentials", {}).get("username") or username or ""
    _record_attempt(request, Kind.LOCKED_OUT, str(typed))


def connect_lockout_events() -> None:
    """Called from AppConfig.ready(). Importing axes' signals also connects axes' own
    receivers, so this comes after ours above: a failure is written before the lockout."""
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="audit_locked_out")
