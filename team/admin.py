from django.contrib import admin

from accounts.read_only_admin import ListedOnlyAdmin

from .models import Invitation


@admin.register(Invitation)
class InvitationAdmin(ListedOnlyAdmin):
    """Read-only: invitations are made, sent again and revoked on the people page, which
    writes the audit trail and the e-mail; a hand edit here would do neither."""

    list_display = [
        "email",
        "role",
        "invited_by",
        "signed_up",
        "sent_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "signed_up"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    list_select_related = ["invited_by"]
    exclude = ["nonce"]
