"""Changing who may do what: a person's role, and whether they may sign in at all.

Each change is audited (accounts.AccountEvent, about the person changed, naming who changed
it). The last active administrator can be neither demoted nor deactivated: the team would
have nobody left to manage it. The check and the change happen in one transaction that locks
the administrators' rows, so two administrators demoting each other at once cannot both win.
"""

import contextlib

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import UpdateError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.audit import Kind, record
from mfa import policy
from usersessions import records
from usersessions.models import UserSession

from . import roles
from .roles import Role


class RefusedChange(Exception):
    """A change that must not happen; the message says why, for the administrator."""


LAST_ADMINISTRATOR = (
    "{name} is the last administrator. Make someone else an administrator first, so the "
    "team always has somebody to manage it."
)
SUPERUSER_ROLE = (
    "{name} is a superuser, and so always an administrator. Change that in Django admin."
)
NOT_YOURSELF = "You cannot deactivate your own account: ask another administrator."


def team() -> QuerySet:
    """Everyone, with what the people page shows, in a fixed number of queries."""
    has_app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    has_passkey = WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        get_user_model()
        .objects.prefetch_related("groups")
        .annotate(has_second_factor=Exists(has_app) | Exists(has_passkey))
        .order_by("username")
    )


def administrators() -> QuerySet:
    """The active accounts that can manage people."""
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=Role.ADMINISTRATOR), is_active=True
    )


def _guard_last_administrator(person) -> None:
    # Locks every administrator's row until the change commits (PostgreSQL; SQLite writes
    # one at a time anyway), so a simultaneous demotion waits and then counts again.
    locked = list(
        get_user_model()
        .objects.select_for_update()
        .filter(pk__in=administrators().values("pk"))
        .values_list("pk", flat=True)
    )
    if locked == [person.pk]:
        raise RefusedChange(LAST_ADMINISTRATOR.format(name=person.get_username()))


def change_role(request: HttpRequest, person, role: Role) -> None:
    was = roles.role_of(person)
    if was == role:
        return
    if person.is_superuser:
        raise RefusedChange(SUPERUSER_ROLE.format(name=person.get_username()))
    with transaction.atomic():
        if was == Role.ADMINISTRATOR:
            _guard_last_administrator(person)
        roles.set_role(person, role)
        detail = f"{was.label if was else 'No role'} → {role.label}, by {request.user}"
        record(request, Kind.ROLE_CHANGED, user=person, detail=detail)
    _reconsider_second_factor(request, person)


def _reconsider_second_factor(request: HttpRequest, person) -> None:
    """Whether a session must set up a second factor first is decided at sign-in, by the role
    (TGDB_REQUIRE_2FA): each session of `person` decides again on its next request."""
    store = records.session_store()
    for key in UserSession.objects.filter(user=person).values_list("session_key", flat=True):
        if key == request.session.session_key:
            request.session.pop(policy.ENROLMENT_KEY, None)
            continue
        session = store(session_key=key)
        if session.pop(policy.ENROLMENT_KEY, None) is not None:
            with contextlib.suppress(UpdateError):  # it ended meanwhile: nothing to decide
                session.save()


def deactivate(request: HttpRequest, person) -> int:
    """Nobody can sign in as `person` any more, and every session of theirs ends now, on
    every app server (they share the session store). Their posts stay, with their byline.
    Returns how many sessions were ended."""
    if person.pk == request.user.pk:
        raise RefusedChange(NOT_YOURSELF)
    if not person.is_active:
        return 0
    with transaction.atomic():
        if roles.is_administrator(person):
            _guard_last_administrator(person)
        person.is_active = False
        person.save(update_fields=["is_active"])
        record(request, Kind.DEACTIVATED, user=person, detail=f"by {request.user}")
    # Django also refuses an inactive account on each request (ModelBackend.get_user), so a
    # session this misses is signed out too; ending them frees the store at once.
    rows = list(UserSession.objects.filter(user=person))
    for row in rows:
        records.end(row)
    return len(rows)


def reactivate(request: HttpRequest, person) -> None:
    if person.is_active:
        return
    person.is_active = True
    person.save(update_fields=["is_active"])
    record(request, Kind.REACTIVATED, user=person, detail=f"by {request.user}")
