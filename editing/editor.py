"""What the post editor adds for autosave and "also editing": mixed into its two views."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic.edit import BaseCreateView

from blog.models import Post

from . import autosaves, presence
from .models import Autosave


@dataclass
class EditorState:
    """Everything editing/_editor.html draws and hands its scripts."""

    autosave_url: str
    discard_url: str
    storage_key: str  # the browser copy's localStorage key, one per account and post
    autosave_delay_ms: int
    saved_post_at: datetime | None  # a browser copy older than this is out of date
    slot: Autosave | None
    offer: Autosave | None = None  # shown as "Restore your unsaved changes from …"
    restored: Autosave | None = None  # the form shows this slot's text, not yet saved
    ping_url: str = ""
    ping_seconds: int = 0
    others: list[str] = field(default_factory=list)

    @property
    def others_notice(self) -> str:
        return presence.also_editing_notice(self.others)

    @property
    def server_now(self) -> datetime:
        # The script compares times the server wrote with its own clock; this corrects it.
        return timezone.now()


class PostEditorMixin:
    """Put first in the bases of the new-post and edit-post views.

    `self.object` is the post being edited, None in the new-post editor (before its save);
    either way it is what the author's slot belongs to.
    """

    @cached_property
    def autosave_slot(self) -> Autosave | None:
        return autosaves.find_autosave(self.request.user, self.object)

    def restoring(self) -> bool:
        restore = self.request.GET.get(autosaves.RESTORE_PARAMETER) == autosaves.RESTORE_VALUE
        return self.request.method == "GET" and restore and self.autosave_slot is not None

    def get_initial(self) -> dict:
        initial = super().get_initial()
        if self.restoring():
            initial.update(autosaves.form_initial(self.autosave_slot))
        return initial

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The editor answers a real save with a redirect; a refused one (errors, an edit
        # conflict) renders the form again, and the unsaved changes must stay.
        if isinstance(response, HttpResponseRedirect):
            autosaves.discard_autosave(request.user, None if self.adding else self.object)
        return response

    @property
    def adding(self) -> bool:
        return isinstance(self, BaseCreateView)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["editor"] = self.editor_state()
        return context

    def editor_state(self) -> EditorState:
        user, post = self.request.user, self.object
        slot = self.autosave_slot
        state = EditorState(
            autosave_url=self._url("post_autosave", "post_add_autosave"),
            discard_url=self._url("post_autosave_discard", "post_add_autosave_discard"),
            storage_key=f"tgdb-autosave:{user.pk}:{post.pk if post else 'new'}",
            autosave_delay_ms=round(settings.TGDB_AUTOSAVE_SECONDS * 1000),
            saved_post_at=post.updated if post else self._last_added_post_at(),
            slot=slot,
        )
        if self.restoring():
            state.restored = slot
        elif self.request.method == "GET" and slot and autosaves.is_worth_restoring(slot, post):
            state.offer = slot
        if post is not None:
            presence.mark_editing(post, user)
            state.ping_url = reverse("post_editing", args=[post.pk])
            state.ping_seconds = presence.ping_seconds()
            state.others = presence.others_editing(post, user)
        return state

    def _url(self, post_name: str, new_post_name: str) -> str:
        if self.object is None:
            return reverse(new_post_name)
        return reverse(post_name, args=[self.object.pk])

    def _last_added_post_at(self) -> datetime | None:
        # A browser copy of the new-post editor from before the author's last new post was
        # most likely that post, already saved.
        return Post.objects.filter(author=self.request.user).aggregate(last=Max("created"))["last"]
