"""/cadmin/profile/: display name, bio and e-mail address; the e-mailed link that changes it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.generic import TemplateView, UpdateView

from accounts import pauses
from accounts.pages import BROWSER_METHODS, SignedInPageMixin
from mfa.confirm import RefillsInterruptedForm, confirm_first, recently_confirmed

from . import email_change
from .forms import ProfileForm


class ProfileView(SignedInPageMixin, RefillsInterruptedForm, UpdateView):
    """Name and bio are saved at once. A new e-mail address needs "confirm it is you" first
    (mfa.confirm), as any change of where the account's resets go; the page itself and a
    change of name or bio do not."""

    template_name = "profiles/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("profile")
    http_method_names = BROWSER_METHODS

    def get_object(self, queryset=None):
        # A copy, so that a form sent with errors never shows up in the page around it.
        return get_user_model().objects.get(pk=self.request.user.pk)

    def post(self, request, *args, **kwargs):
        typed = request.POST.get("email", "")
        if email_change.is_new_address(request.user, typed):
            wait = email_change.wait_before_asking(request.user)
            if wait is not None:
                return self.asked_too_often(wait)
            if not recently_confirmed(request):
                return confirm_first(request)
        return super().post(request, *args, **kwargs)

    def asked_too_often(self, wait):
        """429 with the form as it was sent, so nothing typed is lost, saying when to ask again."""
        self.object = self.get_object()
        context = self.get_context_data(limit=settings.TGDB_EMAIL_CHANGES_PER_HOUR)
        return pauses.paused_response(self.request, self.template_name, wait, context)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pending=email_change.pending_for(self.request.user), **kwargs
        )

    def form_valid(self, form):
        if form.profile_changed:
            form.save()
        if form.email_changed:
            new_email = form.cleaned_data["email"]
            email_change.ask(self.request, self.object, new_email)
            messages.info(
                self.request,
                f"We sent a link to {new_email}. Your address changes when you follow it.",
            )
        if form.profile_changed or not form.email_changed:
            messages.success(self.request, "Your profile was saved.")
        return HttpResponseRedirect(self.get_success_url())


def refused_page(request, refused: email_change.LinkRefused):
    return render(
        request,
        "profiles/email_link_refused.html",
        {"message": refused.message, "status": refused.status},
        status=refused.status,
    )


class EmailConfirmView(SignedInPageMixin, TemplateView):
    """The e-mailed link. Signed out, it leads to sign-in and back. Mail scanners open links,
    so GET only shows a button; the POST, from the account the link was sent for, makes the
    change."""

    template_name = "profiles/email_confirm.html"
    http_method_names = BROWSER_METHODS

    def get(self, request, token: str):
        try:
            pending = email_change.pending_for_link(request.user, token)
        except email_change.LinkRefused as refused:
            return refused_page(request, refused)
        return self.render_to_response(self.get_context_data(pending=pending))

    def post(self, request, token: str):
        try:
            email_change.apply(request, email_change.pending_for_link(request.user, token))
        except email_change.LinkRefused as refused:
            return refused_page(request, refused)
        messages.success(request, f"Your e-mail address is now {request.user.email}.")
        return HttpResponseRedirect(reverse("profile"))
