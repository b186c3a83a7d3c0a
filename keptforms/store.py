"""Kept forms on the server: keep one, find it again, let it go, and purge the expired.

A form is found only by its link's token together with the browser cookie it was kept with,
and only on the page it was sent from, so a leaked link alone shows nothing.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.client_ip import client_ip

from . import browser
from .form_data import fits, keepable, may_keep
from .models import KeepingTurn, KeptForm

TOKEN_PARAMETER = "kept"  # noqa: S105  (the query parameter's name, not a secret)
TURN_BUCKETS = 1024


class NotKeepable(Exception):
    """The form asks for a password: it is never kept."""


class TooLarge(Exception):
    """More was sent than the form could ever accept."""


class TooManyFromAddress(Exception):
    """This address already has as many kept forms as it may."""


@dataclass(frozen=True)
class Kept:
    token: str
    browser_key: str  # to be set (again) as the browser's cookie


def lifetime() -> timedelta:
    return timedelta(hours=settings.TGDB_KEPT_FORM_HOURS)


def purge_expired() -> int:
    """Delete the kept forms past their time (one indexed DELETE); returns how many."""
    deleted, _ = KeptForm.objects.expired().delete()
    return deleted


def keep(request: HttpRequest, form_class: type[forms.BaseForm]) -> Kept:
    if not may_keep(form_class):
        raise NotKeepable
    data = keepable(request.POST)
    if not fits(data, form_class):
        raise TooLarge
    purge_expired()
    key = browser.key_of(request) or browser.new_key()
    browser_hash = browser.digest(key)
    ip = client_ip(request)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        _take_turn(browser_hash, ip)
        # Sent again from a page that showed kept text: that text is superseded by this.
        _matching(request, request.GET.get(TOKEN_PARAMETER), request.path).delete()
        _make_room_in_browser(browser_hash)
        # Counted after this browser made room, and refused rather than evicting anyone's.
        if KeptForm.objects.live().from_address(ip).count() >= settings.TGDB_KEPT_FORMS_PER_IP:
            raise TooManyFromAddress
        KeptForm.objects.create(
            token_hash=browser.digest(token),
            browser_hash=browser_hash,
            ip=ip,
            path=request.path,
            data=data,
            expires_at=timezone.now() + lifetime(),
        )
    return Kept(token=token, browser_key=key)


def _take_turn(browser_hash: str, ip: str | None) -> None:
    """Inside the transaction: wait until other keeps for this browser or address committed.

    An upsert locks its row whether the row was there or not (PostgreSQL holds it until the
    commit; SQLite lets one writer in at a time anyway), and the buckets are taken in one order,
    so two keeps never wait for each other in a circle.
    """
    now = timezone.now()
    for bucket in sorted({_bucket(browser_hash), _bucket(browser.digest(ip or "unknown"))}):
        KeepingTurn.objects.bulk_create(
            [KeepingTurn(bucket=bucket, taken_at=now)],
            update_conflicts=True,
            unique_fields=["bucket"],
            update_fields=["taken_at"],
        )


def _bucket(hex_digest: str) -> int:
    return int(hex_digest[:8], 16) % TURN_BUCKETS


def _make_room_in_browser(browser_hash: str) -> None:
    """Drop this browser's oldest kept forms so that one more fits its limit."""
    keep_at_most = max(settings.TGDB_KEPT_FORMS_PER_BROWSER - 1, 0)
    oldest = list(
        KeptForm.objects.of_browser(browser_hash)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[keep_at_most:]
    )
    if oldest:
        KeptForm.objects.filter(pk__in=oldest).delete()


def _matching(request: HttpRequest, token: str | None, path: str):
    key = browser.key_of(request)
    if not token or not key:
        return KeptForm.objects.none()
    return KeptForm.objects.filter(
        token_hash=browser.digest(token), browser_hash=browser.digest(key), path=path
    )


def find(request: HttpRequest, token: str | None, path: str) -> KeptForm | None:
    """The form kept by this browser for this page under this token, if it is still live."""
    return _matching(request, token, path).live().first()


def discard(request: HttpRequest, token: str | None, path: str) -> None:
    _matching(request, token, path).delete()
