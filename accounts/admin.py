from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .audit import Kind, record
from .browsers import browser_name
from .models import AccountEvent, User
from .read_only_admin import ListedOnlyAdmin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
