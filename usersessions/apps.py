from django.apps import AppConfig


class UserSessionsConfig(AppConfig):
    name = "usersessions"
    verbose_name = "Sessions and devices"

    def ready(self) -> None:
        from . import records  # noqa: F401  (keeps the session list by the sign-in signals)
