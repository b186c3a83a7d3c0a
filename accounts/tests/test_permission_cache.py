"""Permissions kept in the cache between requests must never outlive a change of role."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from team import roles
from team.roles import Role
from tests.clients import signed_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

CATEGORIES = "/cadmin/categories/"


def queries_for_permissions(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return sum("auth_permission" in query["sql"] for query in context.captured_queries)


def test_a_second_request_reads_the_permissions_from_the_cache():
    edith = signed_in(UserFactory(role=Role.EDITOR))

    assert queries_for_permissions(edith, CATEGORIES) == 2
    assert queries_for_permissions(edith, CATEGORIES) == 0


def test_a_demotion_applies_to_the_next_request_though_the_permissions_were_kept():
    editor = UserFactory(role=Role.EDITOR)
    edith = signed_in(editor)
    assert edith.get(CATEGORIES).status_code == 200

    roles.set_role(editor, Role.CONTRIBUTOR)

    assert edith.get(CATEGORIES).status_code == 403


def test_a_permission_taken_from_a_role_group_applies_at_once():
    edith = signed_in(UserFactory(role=Role.EDITOR))
    assert edith.get(CATEGORIES).status_code == 200

    Group.objects.get(name=Role.EDITOR).permissions.remove(
        Permission.objects.get(content_type__app_label="blog", codename="change_category")
    )

    assert edith.get(CATEGORIES).status_code == 403


def test_a_permission_given_to_one_account_applies_at_once():
    alice = UserFactory(role=Role.AUTHOR)
    client = signed_in(alice)
    assert client.get(CATEGORIES).status_code == 403

    alice.user_permissions.add(
        Permission.objects.get(content_type__app_label="blog", codename="change_category")
    )

    assert client.get(CATEGORIES).status_code == 200


def test_a_deactivated_account_has_no_permissions_whatever_is_kept():
    editor = UserFactory(role=Role.EDITOR)
    signed_in(editor).get(CATEGORIES)  # its permissions are now in the cache
    editor.is_active = False
    editor.save()

    assert not editor.has_perm("blog.change_category")
