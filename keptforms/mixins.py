"""The opt-in for a dashboard form view: what is sent while signed out is kept across sign-in.

Place `KeepsFormAcrossSignIn` before the dashboard mixin (a LoginRequiredMixin) in the bases:

- an anonymous POST reaches `handle_no_permission`: the form is kept and the browser goes to
  sign-in with `next=<path>?kept=<token>`;
- that GET, signed in, binds the form with the kept data (`get_form_kwargs`); it never saves;
- the kept form is deleted by the next successful save (`post`: the page's form posts
  to its own URL, `?kept=` included), so reloading the page before saving still shows the
  text; an unsaved one expires.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.encoding import escape_uri_path
from django.utils.http import urlencode

from . import browser, pages, store
from .models import KeptForm

KEPT_SIGN_IN = "Your changes were kept: sign in and they will be back in the form."
REVIEW_AND_SAVE = "Your changes were kept. Review them and save."
NOTHING_KEPT = (
    "No changes kept in this browser match that link (they are kept for a day at most), "
    "so the form shows what is saved."
)
CANNOT_EDIT = (
    "The changes kept in this browser were for a {kind} you cannot edit, so they were discarded."
)


# A save answers with a redirect (Post/Redirect/Get).
SAVED = {301, 302, 303}


class KeepsFormAcrossSignIn:
    kept_form: KeptForm | None = None

    def keep_posted_form(self, then: Callable[[str], HttpResponse]) -> HttpResponse | None:
        """Keep request.POST, answer with `then(<path>?kept=<token>)`; None if never kept."""
        try:
            kept = store.keep(self.request, self.get_form_class())
        except store.NotKeepable:
            return None
        except store.TooLarge:
            return pages.too_large(self.request)
        except store.TooManyFromAddress:
            return pages.too_many(self.request)
        path = escape_uri_path(self.request.path)
        response = then(f"{path}?{urlencode({store.TOKEN_PARAMETER: kept.token})}")
        browser.remember(response, kept.browser_key)
        if not self.request.user.is_authenticated:
            messages.info(self.request, KEPT_SIGN_IN)
        return response

    def handle_no_permission(self):
        if self.request.method == "POST" and not self.request.user.is_authenticated:
            kept = self.keep_posted_form(self._to_sign_in)
            if kept is not None:
                return kept
        return super().handle_no_permission()

    def _to_sign_in(self, next_url: str) -> HttpResponseRedirect:
        return redirect_to_login(next_url, self.get_login_url(), self.get_redirect_field_name())

    def get(self, request, *args, **kwargs):
        token = request.GET.get(store.TOKEN_PARAMETER)
        # Django sends HEAD here too; only a GET shows kept text.
        if token and request.method == "GET":
            self.kept_form = store.find(request, token, request.path)
            if self.kept_form is None:
                messages.info(request, NOTHING_KEPT)
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if self.kept_form is None:
                raise
            # Not theirs to edit (or gone): nothing of it may be shown, and it is no use kept.
            self.kept_form.delete()
            kind = self.get_queryset().model._meta.verbose_name
            messages.warning(request, CANNOT_EDIT.format(kind=kind))
            return redirect("home")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.kept_form is not None and self.request.method == "GET":
            kwargs["data"] = self.kept_form.as_query_dict()
            messages.success(self.request, REVIEW_AND_SAVE)
        return kwargs

    def post(self, request, *args, **kwargs):
        # Hooked here, not in form_valid, which the views override without calling super().
        response = super().post(request, *args, **kwargs)
        # A save answers with a redirect; a page drawn again (errors, a conflict) saved nothing.
        if response.status_code in SAVED:
            token = self.request.GET.get(store.TOKEN_PARAMETER)
            store.discard(self.request, token, self.request.path)
        return response
