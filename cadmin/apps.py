from django.apps import AppConfig


class CadminConfig(AppConfig):
    name = "cadmin"
    verbose_name = "Authors' dashboard"
