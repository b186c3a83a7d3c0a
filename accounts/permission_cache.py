"""Each account's permissions, kept in the shared cache between requests.

Django's ModelBackend asks the database twice per request for them (the account's own and its
groups'), the first time anything checks a role (team/roles.py): on every dashboard page and
every editor ping. They change only when a role, a group or a permission does, so they are
kept in the cache with the permissions' version, which any such change replaces, on every app
server at once (they share the cache), and again when its transaction commits, so that a
request that read the old roles meanwhile cannot keep them. A cache that loses the version
only costs the two queries again.
"""

import uuid
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "accounts:permissions-version"
KEPT_FOR_SECONDS = 24 * 60 * 60


def _key(user) -> str:
    # A superuser's set is every permission there is: another entry, never mixed up.
    return f"accounts:permissions:{user.pk}:{int(user.is_superuser)}"


def _new_version() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def permissions_of(user, compute: Callable[[], set[str]]) -> set[str]:
    """`user`'s permissions from the cache when they are of the current version, else from
    `compute()` (one round trip to the cache either way)."""
    found = cache.get_many([VERSION_KEY, _key(user)])
    version = found.get(VERSION_KEY) or _new_version()
    kept = found.get(_key(user))
    if kept is not None and kept[0] == version:
        return kept[1]
    permissions = compute()
    cache.set(_key(user), (version, permissions), KEPT_FOR_SECONDS)
    return permissions


def permissions_changed(**kwargs) -> None:
    """Forget every account's kept permissions: now, and again once the change commits."""
    _new_version()
    transaction.on_commit(_new_version)


def connect() -> None:
    """Called from AppConfig.ready(): every way a role, group or permission changes."""
    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            permissions_changed, sender=through, dispatch_uid=f"permissions_{through.__name__}"
        )
    for model in (Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(
                permissions_changed,
                sender=model,
                dispatch_uid=f"permissions_{model.__name__}_{signal is post_save}",
            )
