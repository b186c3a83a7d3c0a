"""The four roles of the team, as Django groups holding permissions.

Contributor < Author < Editor < Administrator: each holds what the one before it holds, and
more. A superuser counts as an Administrator. What each may do is checked through Django's
permissions (`user.has_perm`), which the dashboard, its querysets and Django admin all ask, so
a role is never enforced only by hiding a button. The groups and their permissions are made by
the migration team/0001, from ROLE_PERMISSIONS below.
"""

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction


class Role(models.TextChoices):
    CONTRIBUTOR = "Contributor", "Contributor"
    AUTHOR = "Author", "Author"
    EDITOR = "Editor", "Editor"
    ADMINISTRATOR = "Administrator", "Administrator"


ORDER = [Role.CONTRIBUTOR, Role.AUTHOR, Role.EDITOR, Role.ADMINISTRATOR]

WRITE_OWN = ["blog.add_post", "blog.change_post", "blog.delete_post", "blog.view_post"]
PUBLISH_OWN = ["blog.publish_post"]
EDIT_EVERY = [
    "blog.edit_any_post",
    *(
        f"blog.{action}_{model}"
        for model in ("category", "tag")
        for action in ("add", "change", "delete", "view")
    ),
]
PEOPLE = ["accounts.manage_people"]

# app_label.codename, per role: each role's list includes those of the roles below it.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CONTRIBUTOR: WRITE_OWN,
    Role.AUTHOR: WRITE_OWN + PUBLISH_OWN,
    Role.EDITOR: WRITE_OWN + PUBLISH_OWN + EDIT_EVERY,
    Role.ADMINISTRATOR: WRITE_OWN + PUBLISH_OWN + EDIT_EVERY + PEOPLE,
}

DESCRIPTIONS = {
    Role.CONTRIBUTOR: "Writes drafts and submits them for review; cannot publish.",
    Role.AUTHOR: "Publishes, schedules, edits and deletes their own posts.",
    Role.EDITOR: "Edits, publishes and deletes every post, reviews submissions, "
    "manages categories and tags.",
    Role.ADMINISTRATOR: "Everything an editor does, and manages people and invitations.",
}


def sync_groups(using: str = "default", **kwargs) -> None:
    """Make each role's group hold exactly ROLE_PERMISSIONS. Run after every migrate (and
    flush, which empties the tables and then migrates), once Django has made the permissions."""
    for role, dotted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        wanted = Permission.objects.using(using).none()
        for name in dotted:
            app_label, codename = name.split(".")
            wanted |= Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename
            )
        group.permissions.set(wanted)


def role_of(user) -> Role | None:
    """The highest role `user` holds (None: no role, so no dashboard powers)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    names = {group.name for group in user.groups.all()}  # prefetched on list pages
    held = [role for role in ORDER if role.value in names]
    return held[-1] if held else None


@transaction.atomic
def set_role(user, role: Role | str) -> None:
    """Give `user` exactly this role: the other role groups are left, other groups kept."""
    role = Role(role)
    user.groups.remove(*Group.objects.filter(name__in=[r.value for r in ORDER if r != role]))
    user.groups.add(Group.objects.get(name=role.value))
    # Django remembers a user's permissions on the object: forget them.
    for cached in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cached, None)


def has_no_role(user) -> bool:
    """Signed in without even a Contributor's powers, so with nothing to do in the dashboard.
    Asked of the permissions, which are kept in the cache (accounts/permission_cache.py), so
    that every page may ask at no query's cost."""
    return user.is_authenticated and not user.has_perms(ROLE_PERMISSIONS[Role.CONTRIBUTOR])


def may_publish(user) -> bool:
    return user.has_perm("blog.publish_post")


def edits_every_post(user) -> bool:
    return user.has_perm("blog.edit_any_post")


def manages_people(user) -> bool:
    return user.has_perm("accounts.manage_people")


def is_administrator(user) -> bool:
    """An active superuser or member of Administrator (the last-administrator guard counts them)."""
    return user.is_active and (user.is_superuser or role_of(user) == Role.ADMINISTRATOR)
