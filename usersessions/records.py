"""The list of an account's signed-in sessions, kept by the sign-in and sign-out signals.

A row is written at sign-in and deleted at sign-out. Sessions can also end without a signal
(expiry, a password change or reset elsewhere, a session deleted on another app server), so the
list shows a row only while Django's session store still holds its session, unexpired and
carrying the account's current password hash, and drops the rest when it meets them.
"""

import contextlib
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import UpdateError
from django.db.models import Case, Value, When
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accounts.audit import door_of
from accounts.client_ip import client_ip
from accounts.current_request import current_request
from accounts.models import USER_AGENT_MAX_LENGTH, password_rehashed

from . import devices
from .models import KnownDevice, UserSession
from .new_device import announce

# When this session's "last active" was last written (a Unix time, in the session itself).
SEEN_AT_KEY = "usersessions_seen_at"
LAST_ACTIVE_EVERY_SECONDS = 5 * 60


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


@receiver(user_logged_in, dispatch_uid="usersessions_signed_in")
def _signed_in(sender, request: HttpRequest, user, **kwargs) -> None:
    if request is None or getattr(request, "session", None) is None:
        return
    device, new_browser = _note_device(request, user)
    record = UserSession.objects.create(
        session_key=request.session.session_key,
        user=user,
        device=device,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH],
        door=door_of(request),
    )
    request.session[SEEN_AT_KEY] = time.time()
    if new_browser:
        # Within the sign-in's transaction, so the notice exists only if the sign-in does.
        announce(request, record)


def _note_device(request: HttpRequest, user) -> tuple[KnownDevice, bool]:
    """This browser as one of the account's devices; whether it is new to an account that has
    signed in elsewhere before (an account's very first browser is not news)."""
    device_id = devices.cookie_device_id(request) or devices.new_device_id()
    devices.remember(request, device_id)
    known = devices.known_device(request, user.get_username())  # found by the lockout already
    if known is not None:
        KnownDevice.objects.filter(pk=known.pk).update(last_seen_at=timezone.now())
        return known, False
    # One row tells both: this browser if the account knows it, else any other it knows.
    this_one_first = Case(When(device_id=device_id, then=Value(0)), default=Value(1))
    found = KnownDevice.objects.filter(user=user).order_by(this_one_first).first()
    if found is not None and found.device_id == device_id:
        KnownDevice.objects.filter(pk=found.pk).update(last_seen_at=timezone.now())
        return found, False
    return KnownDevice.objects.create(user=user, device_id=device_id), found is not None


@receiver(user_logged_out, dispatch_uid="usersessions_signed_out")
def _signed_out(sender, request: HttpRequest, user, **kwargs) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


@receiver(password_rehashed, dispatch_uid="usersessions_rehashed")
def _keep_sessions_after_rehash(sender, user, old_session_auth_hash: str, **kwargs) -> None:
    """Django keeps a mark of the password hash in each session and signs the session out when
    it no longer matches. An upgraded hash (same password, new parameters) would so sign the
    account out everywhere: give its live sessions, and the request's own, the new mark."""
    new_mark = user.get_session_auth_hash()
    own = getattr(current_request.get(), "session", None)
    if own is not None:
        _move_mark(own, old_session_auth_hash, new_mark)  # saved with the response
    store = session_store()
    for key in UserSession.objects.filter(user=user).values_list("session_key", flat=True):
        if own is None or key != own.session_key:
            session = store(session_key=key)
            if _move_mark(session, old_session_auth_hash, new_mark):
                with contextlib.suppress(UpdateError):  # it ended meanwhile: nothing to keep
                    session.save()


def _move_mark(session, old_mark: str, new_mark: str) -> bool:
    if not constant_time_compare(session.get(HASH_SESSION_KEY) or "", old_mark):
        return False
    session[HASH_SESSION_KEY] = new_mark
    return True


def follow_new_key(old_key: str | None, request: HttpRequest) -> None:
    """The session of `request` got a new key (Django's update_session_auth_hash() after a
    password change cycles it): its row follows."""
    if old_key and old_key != request.session.session_key:
        UserSession.objects.filter(session_key=old_key).update(
            session_key=request.session.session_key
        )


def note_activity(request: HttpRequest) -> None:
    """Write "last active" at most once per LAST_ACTIVE_EVERY_SECONDS per session."""
    session = getattr(request, "session", None)
    if session is None or session.session_key is None or not session.accessed:
        return  # no cookie, or a page that never looked at the session (/healthz)
    seen_at = session.get(SEEN_AT_KEY)
    if seen_at is None or time.time() - seen_at < LAST_ACTIVE_EVERY_SECONDS:
        return  # not signed in (no row to keep), or written lately
    UserSession.objects.filter(session_key=session.session_key).update(
        last_active_at=timezone.now()
    )
    session[SEEN_AT_KEY] = time.time()


def active(user) -> list[UserSession]:
    """The account's live sessions, most recently active first; stale rows are removed."""
    rows = list(UserSession.objects.filter(user=user).order_by("-last_active_at", "-pk"))
    if not rows:
        return rows
    store = session_store()
    stored = store.get_model_class().objects.filter(
        session_key__in=[row.session_key for row in rows], expire_date__gt=timezone.now()
    )
    # As django.contrib.auth.get_user() checks it, old secret keys (SECRET_KEY_FALLBACKS) too.
    password_macs = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    alive = {
        session.session_key
        for session in stored
        if any(constant_time_compare(_password_mac(store, session), mac) for mac in password_macs)
    }
    stale = [row.pk for row in rows if row.session_key not in alive]
    if stale:
        UserSession.objects.filter(pk__in=stale).delete()
    return [row for row in rows if row.session_key in alive]


def _password_mac(store, session) -> str:
    """The password hash MAC a stored session was signed in with ("" if none)."""
    return store().decode(session.session_data).get(HASH_SESSION_KEY) or ""


def end(row: UserSession) -> None:
    """End the session on the server, for every app server at once (the shared store)."""
    session_store()(session_key=row.session_key).delete()
    row.delete()
