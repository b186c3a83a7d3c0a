"""The half-way state between a correct password and the second step.

It lives in the (still anonymous) session: no user is signed in until the second step is
passed, so a half-way visitor has no session user at all. It names the account, where the
sign-in began and where it leads, and ends after TGDB_SECOND_STEP_MINUTES, after
TGDB_SECOND_STEP_ATTEMPTS wrong answers, or as soon as the account's password changes.
"""

import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

PENDING_KEY = "mfa_pending_sign_in"


@dataclass
class PendingSignIn:
    user_id: int
    password_hash_mac: str  # user.get_session_auth_hash() when the password was right
    door: str
    next_url: str
    remember_me: bool
    started_at: float
    failures: int = 0

    @property
    def expired(self) -> bool:
        return time.time() - self.started_at > settings.TGDB_SECOND_STEP_MINUTES * 60

    @property
    def attempts_left(self) -> int:
        return max(settings.TGDB_SECOND_STEP_ATTEMPTS - self.failures, 0)


def start(request: HttpRequest, user, *, door: str, next_url: str, remember_me: bool) -> None:
    pending = PendingSignIn(
        user_id=user.pk,
        password_hash_mac=user.get_session_auth_hash(),
        door=door,
        next_url=next_url,
        remember_me=remember_me,
        started_at=time.time(),
    )
    request.session[PENDING_KEY] = asdict(pending)


def load(request: HttpRequest):
    """(PendingSignIn, user) while the second step may still be taken, else (None, None)."""
    raw = request.session.get(PENDING_KEY)
    if not raw:
        return None, None
    try:
        pending = PendingSignIn(**raw)
    except TypeError:  # written by an older release
        clear(request)
        return None, None
    user = get_user_model()._default_manager.filter(pk=pending.user_id, is_active=True).first()
    if (
        pending.expired
        or pending.attempts_left == 0
        or user is None
        or user.get_session_auth_hash() != pending.password_hash_mac
    ):
        clear(request)
        return None, None
    return pending, user


def note_failure(request: HttpRequest, pending: PendingSignIn) -> int:
    """Count a wrong answer; the attempts left (0 ends the half-way state)."""
    pending.failures += 1
    if pending.attempts_left == 0:
        clear(request)
    else:
        request.session[PENDING_KEY] = asdict(pending)
    return pending.attempts_left


def clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
