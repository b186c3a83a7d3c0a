from django.contrib import admin

from .models import SignInFailure


@admin.register(SignInFailure)
class SignInFailureAdmin(admin.ModelAdmin):
    """Read-only, like axes' attempts: deleting rows here lifts a username's pause."""

    list_display = ["username", "known_browser", "failed_at"]
    search_fields = ["username"]
    date_hierarchy = "failed_at"

    @admin.display(boolean=True, description="known browser")
    def known_browser(self, failure: SignInFailure) -> bool:
        return bool(failure.device_id)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
