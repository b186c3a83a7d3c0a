"""Django admin's post pages, with history: a change made there takes the next version and
leaves a revision, like one made in the dashboard, and each post lists its revisions.

Deleting there, a post at a time or with "Delete selected", moves posts to the trash as the
dashboard does (changes.move_to_trash): restorable from /cadmin/trash/ with their history.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import actions
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from blog.admin import PostAdmin
from blog.models import Post

from . import changes
from .models import PostRevision


class RevisionInline(admin.TabularInline):
    model = PostRevision
    fields = ["version", "kind", "over_conflict", "editor", "created", "title", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # history is written by changes, never by hand


class PostWithHistoryAdmin(PostAdmin):
    inlines = [RevisionInline]
    # Ours in place of Django's action of the same name, which would delete for good.
    actions = ["delete_selected"]
    delete_confirmation_template = "revisions/admin/trash_confirmation.html"
    delete_selected_confirmation_template = "revisions/admin/trash_selected_confirmation.html"

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

    def get_deleted_objects(self, objs, request):
        # A post in the trash takes nothing with it (its revisions wait with it), so the
        # confirmation lists the posts alone, and asks only whether this user may delete each.
        posts = list(objs)
        allowed = self.has_delete_permission(request) and self._may_edit(request, *posts)
        refused = set() if allowed else {self.opts.verbose_name}
        return [str(post) for post in posts], {}, refused, []

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {**trash_page_context(), **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj: Post) -> None:
        # Admin's confirmation carries no version: it is made on the post as just loaded.
        changes.move_to_trash(obj, request.user, obj.version)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        for post in queryset:
            self.delete_model(request, post)

    def response_delete(self, request, obj_display, obj_id):
        if IS_POPUP_VAR in request.POST:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(request, moved_to_trash(f"“{obj_display}” was"), messages.SUCCESS)
        return HttpResponseRedirect(self.changelist_url(request))

    def changelist_url(self, request) -> str:
        url = reverse("admin:blog_post_changelist", current_app=self.admin_site.name)
        filters = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return add_preserved_filters(filters, url)

    @admin.action(permissions=["delete"], description="Move selected posts to the trash")
    def delete_selected(self, request, queryset):
        """Django's "Delete selected", asking on a page that says where the posts go, and
        saying so once they are there."""
        if not request.POST.get("post"):  # not confirmed yet: Django's page, in our words
            response = actions.delete_selected(self, request, queryset)
            response.context_data.update(trash_page_context())
            return response
        _, _, refused, _ = self.get_deleted_objects(queryset, request)
        if refused:
            raise PermissionDenied
        count = len(queryset)
        if count:
            self.log_deletions(request, queryset)
            self.delete_queryset(request, queryset)
            were = "1 post was" if count == 1 else f"{count} posts were"
            self.message_user(request, moved_to_trash(were), messages.SUCCESS)
        return None  # back to the change list


def trash_page_context() -> dict:
    return {"title": "Move to the trash", "trash_days": settings.TGDB_TRASH_DAYS}


def moved_to_trash(what_was: str) -> str:
    """The message once posts are in the trash ("“Bees” was", "3 posts were")."""
    return format_html(
        '{} moved to the <a href="{}">trash</a> (restorable from there for {} days).',
        what_was,
        reverse("trash"),
        settings.TGDB_TRASH_DAYS,
    )


admin.site.unregister(Post)
admin.site.register(Post, PostWithHistoryAdmin)
