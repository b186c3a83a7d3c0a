"""Writing posts, as far as the writer's role reaches (team/roles.py): contributors their own
drafts, authors their own posts, editors every post. Others' posts are a 404.

Saving goes through revisions.changes: every change claims the version its form was opened on
and leaves a revision. A save, publish or delete over a newer version answers 409 with what
changed, the author's own text still in the form.
"""

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import CreateView, DeleteView, ListView, UpdateView

from blog.meta import WORDS_PER_MINUTE
from blog.models import Post
from editing.editor import PostEditorMixin
from keptforms.mixins import KeepsFormAcrossSignIn
from review import notify as review_notify
from review.panel import review_panel
from revisions import changes
from revisions.conflicts import CONFLICT, conflict_since, seen_version

from .forms import PostForm
from .mixins import DashboardPageMixin, post_table_context
from .post_pictures import attach_pictures
from .toolbar import TOOLBAR

POSTS_PER_PAGE = 20
FORGED_VERSION = (
    "This form carries a version this post never had, so nothing was saved. "
    "Copy your text, then open the editor again."
)


class EditablePostsMixin(DashboardPageMixin):
    """Look posts up only among those the signed-in user may change: others are a 404."""

    def get_queryset(self):
        return Post.objects.editable_by(self.request.user).for_dashboard()


class PostFormMixin:
    """The editor's form knows who fills it in: their role decides its choices. Pictures it
    carries are uploaded before the post is saved; one refused leaves the post unsaved and
    the form drawn again with the server's reason (400, 413 or 429)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        post = getattr(self, "object", None)
        preview_url = (
            reverse("post_preview", args=[post.pk]) if post else reverse("post_add_preview")
        )
        return super().get_context_data(
            toolbar=TOOLBAR,
            words_per_minute=WORDS_PER_MINUTE,
            preview_url=preview_url,
            **kwargs,
        )

    def form_valid(self, form):
        refused = attach_pictures(form, self.request.user)
        if refused is not None:
            return self.render_to_response(self.get_context_data(form=form), status=refused.status)
        return self.save_valid(form)


class PostListView(DashboardPageMixin, ListView):
    """Every post an editor may change; a writer's own, published ones included."""

    template_name = "cadmin/post_list.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE

    def get_queryset(self):
        return Post.objects.listed_for(self.request.user).for_dashboard()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**post_table_context(self.request.user), **kwargs)


class PostCreateView(
    PostEditorMixin,
    KeepsFormAcrossSignIn,
    PostFormMixin,
    DashboardPageMixin,
    PermissionRequiredMixin,
    CreateView,
):
    model = Post
    permission_required = "blog.add_post"
    form_class = PostForm
    template_name = "cadmin/post_form.html"
    success_url = reverse_lazy("cadmin_post_list")

    def save_valid(self, form):
        self.object = changes.save_new(form, self.request.user)
        review_notify.after_save(self.request, None, self.object, self.request.user)
        messages.success(self.request, "Post added.")
        return redirect(self.success_url)


class PostUpdateView(
    PostEditorMixin, KeepsFormAcrossSignIn, PostFormMixin, EditablePostsMixin, UpdateView
):
    form_class = PostForm
    template_name = "cadmin/post_form.html"
    success_url = reverse_lazy("cadmin_post_list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review"] = review_panel(self.request.user, context["form"])
        return context

    def save_valid(self, form):
        over_conflict = "save_mine" in self.request.POST
        try:
            post = changes.save_edit(
                form, self.request.user, form.cleaned_data["version"], over_conflict
            )
        except changes.StaleVersion:
            return self.conflict(form)
        review_notify.after_save(self.request, form.initial.get("status"), post, self.request.user)
        messages.success(self.request, "Post updated.")
        return redirect(self.success_url)

    def conflict(self, form):
        conflict = conflict_since(self.object.pk, form.cleaned_data["version"])
        if conflict is None:
            form.add_error(None, FORGED_VERSION)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        # The author's text as they sent it (with the pictures it took), now over the version
        # that is saved.
        data = form.data.copy()
        data["version"] = str(conflict.current.version)
        # A copy: validating the form writes its values into the instance it is given.
        form = PostForm(data, instance=copy.copy(conflict.current), user=self.request.user)
        context = self.get_context_data(form=form, conflict=conflict)
        return self.render_to_response(context, status=CONFLICT)


class PostDeleteView(EditablePostsMixin, DeleteView):
    """Deleting moves the post to the trash, from which it can be restored for a while."""

    template_name = "cadmin/post_confirm_delete.html"
    context_object_name = "post"
    success_url = reverse_lazy("cadmin_post_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(trash_days=settings.TGDB_TRASH_DAYS, **kwargs)

    def form_valid(self, form):
        seen = seen_version(self.request.POST)
        if seen is None:
            messages.error(self.request, "That form was not complete: nothing was deleted.")
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            changes.move_to_trash(self.object, self.request.user, seen)
        except changes.StaleVersion:
            conflict = conflict_since(self.object.pk, seen)
            status = CONFLICT if conflict else 400
            return self.render_to_response(self.get_context_data(conflict=conflict), status=status)
        messages.success(
            self.request, f"“{self.object.title}” was moved to the trash. You can restore it there."
        )
        return redirect(self.success_url)
