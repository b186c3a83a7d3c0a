"""A token for what each person's activity list shows, kept in the shared cache.

The dashboard home draws its latest account events into a fragment cached under this token
(cadmin/templates/cadmin/admin_page.html), so that a page drawn on every visit skips the query
and the table. Anything that changes what such a list shows replaces the token: an event
written for an account replaces that account's token and everyone's (what a superuser sees);
events pruned replace the tokens of the accounts they belonged to and everyone's; an account
saved or deleted (its name appears in a superuser's list) replaces everyone's. A change made in
a transaction replaces them again when it commits, so a request that read the old events
meanwhile cannot keep them. A cache that loses a token only costs drawing the list again.
"""

import uuid
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

EVERYONE = "everyone"


def _key(owner: int | str) -> str:
    return f"accounts:activity-version:{owner}"


def _owner(user) -> int | str:
    return EVERYONE if user.is_superuser else user.pk


def version_for(user) -> str:
    """The token of what `user`'s activity list shows (one round trip to the cache)."""
    key = _key(_owner(user))
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(key, version, timeout=None)
    return version


def _replace(owners: Iterable[int | str]) -> None:
    cache.set_many({_key(owner): uuid.uuid4().hex for owner in owners}, timeout=None)


def activity_changed(user_ids: Iterable[int | None]) -> None:
    """Events of these accounts (None: of no account) were written or deleted."""
    owners = {EVERYONE, *(pk for pk in user_ids if pk is not None)}
    _replace(owners)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _replace(owners))


def _account_changed(**kwargs) -> None:
    activity_changed(())


def connect() -> None:
    """Called from AppConfig.ready(): an account renamed or deleted shows in everyone's list."""
    user_model = get_user_model()
    post_save.connect(_account_changed, sender=user_model, dispatch_uid="activity_account_saved")
    post_delete.connect(
        _account_changed, sender=user_model, dispatch_uid="activity_account_deleted"
    )
