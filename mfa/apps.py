from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "mfa"
    verbose_name = "Second factors"

    def ready(self) -> None:
        from . import confirm  # noqa: F401  (a sign-in counts as a fresh confirmation)
        from .notices import connect_lockout_notice

        connect_lockout_notice()
