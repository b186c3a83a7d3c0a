"""Django admin lists of records the site writes itself (audit events, sessions, failed
sign-ins): shown, never added or edited by hand."""

from django.contrib import admin


class ListedOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
