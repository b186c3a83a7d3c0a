"""The review queue and sending a submission back: editors only (a 403 for anyone else
signed in). Publishing a submission is a save of the post editor (cadmin/post_views.py)."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView, View

from accounts.pages import SignedInPageMixin
from blog.models import Post
from revisions.changes import StaleVersion
from revisions.conflicts import CONFLICT

from . import actions, notify, queue
from .forms import SendBackForm

# As many as a page of the dashboard's post list.
POSTS_PER_PAGE = 20


class EditorsOnlyMixin(SignedInPageMixin, PermissionRequiredMixin):
    permission_required = "blog.edit_any_post"


class ReviewQueueView(EditorsOnlyMixin, ListView):
    template_name = "review/queue.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE

    def get_queryset(self):
        return queue.waiting()


class SendBackView(EditorsOnlyMixin, View):
    """POST from the post editor's review panel. A refusal changes nothing, says why, and
    keeps the note that was typed."""

    http_method_names = ["post"]
    template_name = "review/send_back_refused.html"

    def post(self, request, pk: int):
        post = get_object_or_404(
            Post.objects.editable_by(request.user).select_related("author"), pk=pk
        )
        form = SendBackForm(request.POST)
        if not form.is_valid():
            return self.refused(form, post, status=400)
        note = form.cleaned_data["note"]
        try:
            actions.send_back(post, request.user, note, form.cleaned_data["version"])
        except StaleVersion:
            return self.refused(form, post, status=CONFLICT, stale=True)
        except actions.NotInReview:
            return self.refused(form, post, status=400, not_in_review=True)
        notify.sent_back(request, post, note, request.user)
        messages.success(request, f"“{post.title}” was sent back to {post.author.byline}.")
        return redirect("review_queue")

    def refused(self, form, post: Post, status: int, **context):
        context.update(form=form, post=post)
        return render(self.request, self.template_name, context, status=status)
