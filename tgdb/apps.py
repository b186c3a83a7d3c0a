from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class TgdbConfig(AppConfig):
    """The project's own commands (tgdb/management): `runserver`, ending with its reloader."""

    name = "tgdb"
    default = True


class AdminConfig(admin_apps.AdminConfig):
    """Django admin with our site class: its sign-in page takes the same two steps as ours."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin

    default_site = "tgdb.admin.AdminSite"
