from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django admin with our site class: its sign-in page takes the same two steps as ours."""

    default_site = "tgdb.admin.AdminSite"
