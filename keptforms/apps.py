from django.apps import AppConfig


class KeptFormsConfig(AppConfig):
    name = "keptforms"
    verbose_name = "Forms kept across sign-in"
