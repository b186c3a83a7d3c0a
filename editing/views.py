"""The editor's requests besides Save: autosave, discarding it, and who else is editing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from accounts.pages import SignedInPageMixin
from blog.models import Post

from . import autosaves, presence
from .forms import AutosaveForm

SIGNED_OUT = "You are signed out. Sign in again in another tab; this page keeps your text."
NOT_FOUND = "There is no such post that you may edit."
CANNOT_WRITE = "Your account has no role that writes posts: ask an administrator for one."


class EditedPostMixin:
    """The post in the URL, looked up only among those the user may edit (others are a 404);
    None for the new-post editor, whose URLs have no pk."""

    def edited_post(self) -> Post | None:
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        return get_object_or_404(Post.objects.editable_by(self.request.user), pk=pk)


@method_decorator(never_cache, name="dispatch")
class BackgroundJsonView(EditedPostMixin, View):
    """A request the editor's script sends: every answer is JSON it can read. Signed out is a
    403, not the sign-in page that fetch() would follow and take for a success."""

    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"error": SIGNED_OUT}, status=403)
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"error": NOT_FOUND}, status=404)
        except PermissionDenied:
            return JsonResponse({"error": CANNOT_WRITE}, status=403)


class AutosaveView(BackgroundJsonView):
    """Keep what the editor holds in the author's slot; the post itself is left alone."""

    def post(self, request: HttpRequest, *args, **kwargs) -> JsonResponse:
        post = self.edited_post()
        if post is None and not request.user.has_perm("blog.add_post"):
            raise PermissionDenied  # a new post's draft, from an account that cannot write
        form = AutosaveForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"error": form.error_message(), "errors": form.errors}, status=400)
        slot = autosaves.keep_autosave(request.user, post, form.cleaned_data)
        return JsonResponse(
            {"saved_at": slot.saved_at.isoformat(), "shown": autosaves.shown_time(slot.saved_at)}
        )


class EditingPingView(BackgroundJsonView):
    """The editor's "I still have this post open": answered with who else has."""

    def post(self, request: HttpRequest, *args, **kwargs) -> JsonResponse:
        post = self.edited_post()
        presence.mark_editing(post, request.user)
        others = presence.others_editing(post, request.user)
        return JsonResponse({"others": others, "notice": presence.also_editing_notice(others)})


class DiscardAutosaveView(EditedPostMixin, SignedInPageMixin, View):
    """Forget the unsaved changes: a plain form that goes back to the editor, or JSON for
    the editor's script, which keeps the page (and what was typed since) as it is."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        post = self.edited_post()
        autosaves.discard_autosave(request.user, post)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"discarded": True})
        messages.success(request, "Your unsaved changes were discarded.")
        return redirect("post_update", pk=post.pk) if post else redirect("post_add")
