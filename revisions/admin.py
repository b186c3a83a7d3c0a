"""Django admin's post pages, with history: a change made there takes the next version and
leaves a revision, like one made in the dashboard, and each post lists its revisions."""

from django.contrib import admin
from django.db import transaction

from blog.admin import PostAdmin
from blog.models import Post

from . import changes
from .models import PostRevision


class RevisionInline(admin.TabularInline):
    model = PostRevision
    fields = ["version", "kind", "editor", "created", "title", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # history is written by changes, never by hand


class PostWithHistoryAdmin(PostAdmin):
    inlines = [RevisionInline]

    def save_model(self, request, obj, form, change) -> None:
        # The admin's form carries no version: it is made on the post as just loaded.
        with transaction.atomic():
            if change:
                changes.claim(obj, obj.version)
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        was_status = form.initial.get("status") if change else None
        post = form.instance
        changes.record(post, request.user, changes.kind_of_save(was_status, post))


admin.site.unregister(Post)
admin.site.register(Post, PostWithHistoryAdmin)
