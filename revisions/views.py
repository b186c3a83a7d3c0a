"""A post's history: its revisions, a diff between any two, and restoring one."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import ListView, View

from accounts.pages import SignedInPageMixin
from blog.models import Post

from . import changes
from .conflicts import CONFLICT, seen_version, version_number
from .diff import State, difference

REVISIONS_PER_PAGE = 50


def editable_post(request, pk: int) -> Post:
    """A post the signed-in user may change, or a 404 (others' posts are not even named)."""
    return get_object_or_404(Post.objects.editable_by(request.user), pk=pk)


class PostHistoryView(SignedInPageMixin, ListView):
    template_name = "revisions/post_history.html"
    context_object_name = "revisions"
    paginate_by = REVISIONS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.post_object = editable_post(request, kwargs["pk"])
        self.comparison, self.comparison_error = self.compared()
        response = super().get(request, *args, **kwargs)
        if self.comparison_error:
            response.status_code = 400
        return response

    def get_queryset(self):
        return self.post_object.revisions.select_related("editor")

    def compared(self):
        """The two revisions ?from= and ?to= name, and their difference, if asked for."""
        asked = self.request.GET
        if "from" not in asked and "to" not in asked:
            return None, ""
        numbers = [version_number(asked.get(key)) for key in ("from", "to")]
        if None in numbers:
            return None, "Choose two revisions to compare."
        found = {
            revision.version: revision
            for revision in self.post_object.revisions.filter(version__in=numbers)
        }
        if len(found) < len(set(numbers)):
            return None, "This post has no such revision."
        older, newer = (found[number] for number in sorted(numbers))
        return (older, newer, difference(State.of_revision(older), State.of_revision(newer))), ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(post=self.post_object, **kwargs)
        if self.comparison:
            context["older"], context["newer"], context["difference"] = self.comparison
        context["comparison_error"] = self.comparison_error
        return context


class RestoreRevisionView(SignedInPageMixin, View):
    """POST: a new version made of an earlier revision's content. History is never rewritten."""

    http_method_names = ["post"]

    def post(self, request, pk: int, version: int):
        post = editable_post(request, pk)
        revision = get_object_or_404(post.revisions, version=version)
        seen = seen_version(request.POST)
        try:
            if seen is None:
                raise changes.StaleVersion
            changes.restore(post, revision, request.user, seen)
        except changes.StaleVersion:
            context = {"post": post, "revision": revision}
            return render(request, "revisions/restore_conflict.html", context, status=CONFLICT)
        messages.success(
            request, f"Revision {revision.version} restored as version {post.version}."
        )
        return HttpResponseRedirect(reverse("post_update", args=[post.pk]))
