"""The four roles as groups: what each holds, who holds which, and changing it."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from team import roles
from team.roles import ROLE_PERMISSIONS, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def permissions_of(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("role", Role)
def test_each_role_group_holds_exactly_its_permissions(role):
    assert permissions_of(Group.objects.get(name=role.value)) == set(ROLE_PERMISSIONS[role])


def test_each_role_holds_everything_the_role_below_it_holds():
    for lower, higher in zip(roles.ORDER, roles.ORDER[1:], strict=False):
        assert set(ROLE_PERMISSIONS[lower]) < set(ROLE_PERMISSIONS[higher])


def test_a_group_whose_permissions_were_changed_by_hand_is_put_right_by_migrate():
    editors = Group.objects.get(name=Role.EDITOR)
    editors.permissions.clear()

    call_command("migrate", verbosity=0)

    assert permissions_of(editors) == set(ROLE_PERMISSIONS[Role.EDITOR])


@pytest.mark.parametrize(
    ("groups", "superuser", "expected"),
    [
        ([], False, None),
        ([Role.CONTRIBUTOR], False, Role.CONTRIBUTOR),
        ([Role.AUTHOR, Role.EDITOR], False, Role.EDITOR),
        ([], True, Role.ADMINISTRATOR),
    ],
)
def test_the_role_of_a_person_is_the_highest_they_hold(groups, superuser, expected):
    person = UserFactory(role="", is_superuser=superuser)
    person.groups.add(*Group.objects.filter(name__in=groups))

    assert roles.role_of(person) == expected


def test_setting_a_role_leaves_the_other_roles_and_keeps_other_groups():
    person = UserFactory(role=Role.AUTHOR)
    newsletter = Group.objects.create(name="Newsletter")
    person.groups.add(newsletter)

    roles.set_role(person, Role.EDITOR)

    assert set(person.groups.values_list("name", flat=True)) == {"Editor", "Newsletter"}
    assert person.has_perm("blog.edit_any_post")


@pytest.mark.parametrize(
    ("role", "publishes", "edits_every_post", "manages_people"),
    [
        (Role.CONTRIBUTOR, False, False, False),
        (Role.AUTHOR, True, False, False),
        (Role.EDITOR, True, True, False),
        (Role.ADMINISTRATOR, True, True, True),
    ],
)
def test_what_each_role_may_do(role, publishes, edits_every_post, manages_people):
    person = UserFactory(role=role)

    assert roles.may_publish(person) is publishes
    assert roles.edits_every_post(person) is edits_every_post
    assert roles.manages_people(person) is manages_people


def test_a_superuser_without_a_group_may_do_everything():
    root = UserFactory(role="", is_superuser=True)

    assert roles.manages_people(root) and roles.edits_every_post(root)
