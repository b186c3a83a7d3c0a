from django.contrib import admin

from accounts.browsers import browser_name
from accounts.read_only_admin import ListedOnlyAdmin

from .models import UserSession


@admin.register(UserSession)
class UserSessionAdmin(ListedOnlyAdmin):
    """Read-only: ending a session is done on the sessions page, which ends it in the store."""

    list_display = ["user", "browser", "ip_address", "door", "signed_in_at", "last_active_at"]
    list_filter = ["door"]
    search_fields = ["user__username", "ip_address"]
    list_select_related = ["user"]

    @admin.display(description="browser")
    def browser(self, session: UserSession) -> str:
        return browser_name(session.user_agent)
