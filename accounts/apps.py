from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import audit  # connects the audit trail's receivers for Django's signals

        audit.connect_lockout_events()

        from . import activity_version, permission_cache

        permission_cache.connect()
        activity_version.connect()
