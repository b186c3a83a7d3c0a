from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from .audit import Kind, record
from .browsers import browser_name
from .models import AccountEvent, User
from .read_only_admin import ListedOnlyAdmin


class SuperusersOnly:
    """Superusers only, whatever permissions anyone else holds: these pages edit
    is_superuser, groups and permissions, so anyone else who reached them could raise their
    own powers. People and roles are managed in the dashboard (/cadmin/people/)."""

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(SuperusersOnly, DjangoUserAdmin):
    """Accounts in Django admin, for superusers."""

    def user_change_password(self, request, id, form_url=""):
        """Django's page for setting a user's password, with the change on the audit trail."""
        response = super().user_change_password(request, id, form_url)
        saved = request.method == "POST" and response.status_code == 302
        if saved and response.url != request.get_full_path():  # not the "try again" redirect
            record(request, Kind.PASSWORD_CHANGED, user=self.get_object(request, id))
        return response


@admin.register(AccountEvent)
class AccountEventAdmin(ListedOnlyAdmin):
    """The audit trail is read-only: nobody edits history, not even a superuser."""

    list_display = [
        "created_at",
        "kind",
        "detail",
        "username",
        "user",
        "ip_address",
        "door",
        "browser",
    ]
    list_filter = ["kind", "door"]
    search_fields = ["username", "ip_address"]
    list_select_related = ["user"]

    @admin.display(description="browser")
    def browser(self, event: AccountEvent) -> str:
        return browser_name(event.user_agent)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class GroupAdmin(SuperusersOnly, DjangoGroupAdmin):
    """The role groups (team/roles.py) and any others, for superusers."""


admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)
