from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_role_groups(sender, using: str = "default", **kwargs) -> None:
    from . import roles

    roles.sync_groups(using)


class TeamConfig(AppConfig):
    name = "team"
    verbose_name = "Team: roles, people and invitations"

    def ready(self) -> None:
        # post_migrate is sent app by app, in INSTALLED_APPS order, to apps with models; by
        # django.contrib.auth's turn Django has made the permissions of accounts and blog,
        # listed before it. Also sent by flush, which empties the groups the migration made.
        post_migrate.connect(
            _sync_role_groups,
            sender=self.apps.get_app_config("auth"),
            dispatch_uid="team_sync_role_groups",
        )
