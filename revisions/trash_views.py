"""The trash: deleted posts and pictures, hidden from readers, restorable (posts with their
history) for TGDB_TRASH_DAYS days (`manage.py purge_trash` deletes older ones for good)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView, View

from accounts.pages import SignedInPageMixin
from blog.models import Post
from media.trash import purged_after, trashed_pictures_of
from team import roles

from . import changes

POSTS_PER_PAGE = 20
PICTURES_PER_PAGE = 40


def trash_of(user):
    """The trashed posts `user` may restore: those they could edit (team/roles.py)."""
    return Post.all_objects.trashed().editable_by(user)


class TrashView(SignedInPageMixin, ListView):
    template_name = "revisions/trash.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE

    def get_queryset(self):
        return (
            trash_of(self.request.user)
            .select_related("author")
            .annotate(purged_after=purged_after())
            .order_by("-deleted_at")
        )

    def get_context_data(self, **kwargs):
        pictures = Paginator(trashed_pictures_of(self.request.user), PICTURES_PER_PAGE)
        return super().get_context_data(
            pictures=pictures.get_page(self.request.GET.get("pictures")),
            trash_days=settings.TGDB_TRASH_DAYS,
            edits_every_post=roles.edits_every_post(self.request.user),
            **kwargs,
        )


class RestoreFromTrashView(SignedInPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        post = get_object_or_404(trash_of(request.user), pk=pk)
        changes.restore_from_trash(post, request.user)
        messages.success(request, f"“{post.title}” is back, with its history.")
        return HttpResponseRedirect(reverse("post_update", args=[post.pk]))
