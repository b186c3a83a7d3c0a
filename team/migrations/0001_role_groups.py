"""The four role groups with their permissions; existing accounts become Authors, superusers
Administrators (team/roles.py says what each may do)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# As in team/roles.py when this was written: a migration must not change when that module does.
WRITE_OWN = ["blog.add_post", "blog.change_post", "blog.delete_post", "blog.view_post"]
PUBLISH_OWN = ["blog.publish_post"]
EDIT_EVERY = ["blog.edit_any_post"] + [
    f"blog.{action}_{model}"
    for model in ("category", "tag")
    for action in ("add", "change", "delete", "view")
]
PEOPLE = ["accounts.manage_people"]
ROLE_PERMISSIONS = {
    "Contributor": WRITE_OWN,
    "Author": WRITE_OWN + PUBLISH_OWN,
    "Editor": WRITE_OWN + PUBLISH_OWN + EDIT_EVERY,
    "Administrator": WRITE_OWN + PUBLISH_OWN + EDIT_EVERY + PEOPLE,
}


def make_groups(apps, schema_editor):
    # Permissions are normally made after migrating; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("accounts", "User")
    groups = {}
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        groups[name] = group
    for user in User.objects.all():
        user.groups.add(groups["Administrator" if user.is_superuser else "Author"])


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_display_name_bio_manage_people"),
        ("blog", "0005_review_status_role_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_groups, remove_groups)]
