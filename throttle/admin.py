from django.contrib import admin

from accounts.read_only_admin import ListedOnlyAdmin

from .models import SignInFailure


@admin.register(SignInFailure)
class SignInFailureAdmin(ListedOnlyAdmin):
    """Read-only, like axes' attempts: deleting rows here lifts a username's pause."""

    list_display = ["username", "known_browser", "failed_at"]
    search_fields = ["username"]
    date_hierarchy = "failed_at"

    @admin.display(boolean=True, description="known browser")
    def known_browser(self, failure: SignInFailure) -> bool:
        return bool(failure.device_id)
