"""Signing up without an invitation, only when TGDB_OPEN_SIGNUP is on: an e-mail address, then
the link sent to it, which leads to the same page as an invitation's. The account is made only
there, once the address is proven, and as a Contributor."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from accounts.pages import BROWSER_METHODS

from . import invitations
from .forms import SignUpForm


class OpenSignUpOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not settings.TGDB_OPEN_SIGNUP:
            raise Http404("Signing up is closed: ask an administrator for an invitation.")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class SignUpView(OpenSignUpOnlyMixin, FormView):
    """The same answer for every address, known or not (invitations.sign_up)."""

    template_name = "team/signup.html"
    form_class = SignUpForm
    success_url = reverse_lazy("signup_sent")
    http_method_names = BROWSER_METHODS

    def post(self, request, *args, **kwargs):
        if invitations.sign_up_paused(request):
            return invitations.sign_up_paused_response(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        invitations.sign_up(self.request, form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SignUpSentView(OpenSignUpOnlyMixin, TemplateView):
    template_name = "team/signup_sent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(days=settings.TGDB_INVITATION_DAYS, **kwargs)
