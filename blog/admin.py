"""Django admin's blog pages, held to the same roles as the dashboard (team/roles.py).

A staff member reaches /admin/ because a superuser set `is_staff`; what they may do there is
still their role's: the post list and every lookup come from the same querysets the dashboard
uses, and each change or delete is checked against `Post.objects.editable_by`, so a role is
never enforced only by hiding a button.
"""

from django import forms
from django.contrib import admin

from team import roles
from tgdb.forms import KeepsUnchangedValues

from .models import Category, Post, Tag

CANNOT_PUBLISH = "Only authors and editors can publish or schedule a post: choose In review."


@admin.register(Category, Tag)
class NamedSlugAdmin(admin.ModelAdmin):
    """Categories and tags: Django's model permissions, which only Editors and up hold."""

    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class PostAdminForm(KeepsUnchangedValues, forms.ModelForm):
    """The admin's post form. One who may not publish keeps a post a draft or sends it to
    review; "published" is still understood, so that a forged one gets its own message."""

    may_publish = True  # set per request by PostAdmin.get_form
    # The admin's time shows seconds: a post published "now" keeps its microseconds.
    keep_unchanged = ("published_at",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and not self.may_publish:
            status.widget.choices = [
                (Post.Status.DRAFT, Post.Status.DRAFT.label),
                (Post.Status.REVIEW, Post.Status.REVIEW.label),
            ]

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if status == Post.Status.PUBLISHED and not self.may_publish:
            raise forms.ValidationError(CANNOT_PUBLISH)
        return status


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = ["title", "author", "category", "status", "published_at"]
    list_filter = ["status", "category", "tags"]
    list_select_related = ["author", "category"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["author", "category", "tags"]

    def get_queryset(self, request):
        # The change list, search, filters and every object page look posts up here: a post
        # outside it does not exist for this user (Django answers "doesn't exist" and a redirect).
        return super().get_queryset(request).listed_for(request.user)

    def _may_edit(self, request, *posts: Post) -> bool:
        # The database's copies decide, not a form's half-changed instance; one query for all.
        pks = {post.pk for post in posts}
        return Post.objects.editable_by(request.user).filter(pk__in=pks).count() == len(pks)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._may_edit(request, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        # Asked for each post of a delete, the bulk "delete selected" action's too.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._may_edit(request, obj))

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fields = ["slug", "created", "updated"]
        if not roles.may_publish(request.user):
            fields.append("published_at")  # scheduling is publishing
        if not roles.edits_every_post(request.user):
            fields.append("author")  # one writes under one's own name
        return fields

    def get_autocomplete_fields(self, request) -> list[str]:
        # The autocomplete answers only those who may view the related model (users: only
        # superusers); anyone else gets a plain list to choose from.
        return [
            name
            for name in self.autocomplete_fields
            if self._may_view_related(request, self.opts.get_field(name).related_model)
        ]

    def _may_view_related(self, request, model) -> bool:
        related_admin = self.admin_site.get_model_admin(model)
        return related_admin.has_view_permission(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.may_publish = roles.may_publish(request.user)  # a class made for this request
        return form

    def get_changeform_initial_data(self, request) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change) -> None:
        if not change and not roles.edits_every_post(request.user):
            obj.author = request.user
        super().save_model(request, obj, form, change)
