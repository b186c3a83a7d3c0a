"""The migration that brings roles: every account there already was keeps its powers."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.every_backend

ROLES_MIGRATION = ("team", "0001_role_groups")


def migrate_to(*targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))


@pytest.fixture
def before_roles(transactional_db):
    """The database as it was before team/0001, and back to the latest afterwards."""
    migrate_to(("team", None))
    yield
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate_to(*latest)


def test_existing_accounts_become_authors_and_superusers_administrators(before_roles):
    users = get_user_model().objects
    writer = users.create_user("writer", "writer@example.com", "x")
    root = users.create_superuser("root", "root@example.com", "x")

    migrate_to(ROLES_MIGRATION)

    assert list(writer.groups.values_list("name", flat=True)) == ["Author"]
    assert list(root.groups.values_list("name", flat=True)) == ["Administrator"]
    assert users.get(pk=writer.pk).has_perm("blog.publish_post")
    assert not users.get(pk=writer.pk).has_perm("blog.edit_any_post")
