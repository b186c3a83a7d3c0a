"""Password reset by e-mail: Django's views and token generator, with our templates.

A safe `next` travels through the whole flow (form, e-mailed link, new-password form, final
page), so an author who forgot their password while opening a dashboard page ends up there.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse

from accounts import mail, reset_limits
from accounts.audit import Kind, record
from accounts.pages import BROWSER_METHODS
from accounts.redirects import REDIRECT_FIELD_NAME, requested_next_url
from mfa.notices import send_notice


class CarriesNextMixin:
    """Helpers for passing the safe `next` on to the following step."""

    def next_url(self) -> str:
        return requested_next_url(self.request) or ""

    def with_next(self, url: str) -> str:
        next_url = self.next_url()
        return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


class PasswordResetView(CarriesNextMixin, auth_views.PasswordResetView):
    """The same answer whether or not the address belongs to anyone; the e-mail is sent by a
    background task (accounts/mail.py)."""

    template_name = "cadmin/password_reset_form.html"
    email_template_name = "cadmin/email/password_reset.txt"
    subject_template_name = "cadmin/email/password_reset_subject.txt"
    http_method_names = BROWSER_METHODS

    def post(self, request, *args, **kwargs):
        if reset_limits.network_is_paused(request):
            return reset_limits.paused_response(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not reset_limits.note_request(self.request, form.cleaned_data["email"]):
            # The usual answer, and no e-mail: the address has had its share this hour.
            return HttpResponseRedirect(self.get_success_url())
        # Queued for every address, known or not: the worker finds the account and sends the
        # link, so this answer takes the same time whoever owns the address.
        mail.send_password_reset.enqueue(
            email=form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            extra_email_context={"next": self.next_url()},
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "cadmin/password_reset_done.html"

    def get_context_data(self, **kwargs):
        timeout_minutes = settings.PASSWORD_RESET_TIMEOUT // 60
        return super().get_context_data(timeout_minutes=timeout_minutes, **kwargs)


class PasswordResetConfirmView(CarriesNextMixin, auth_views.PasswordResetConfirmView):
    """Django checks the one-time, expiring token; a used or stale link gets a 400 page."""

    template_name = "cadmin/password_reset_confirm.html"
    http_method_names = BROWSER_METHODS

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        # Django moves the token out of the URL into the session with a redirect; keep `next`.
        if response.status_code == 302 and response.url.endswith(f"/{self.reset_url_token}/"):
            response["Location"] = self.with_next(response.url)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request, Kind.PASSWORD_RESET, user=form.user)
        send_notice(self.request, form.user, "The password of your account was reset.")
        return response

    def get_success_url(self) -> str:
        return self.with_next(reverse("password_reset_complete"))

    def render_to_response(self, context, **kwargs):
        if not context.get("validlink"):
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class PasswordResetCompleteView(CarriesNextMixin, auth_views.PasswordResetCompleteView):
    template_name = "cadmin/password_reset_complete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["login_url"] = self.with_next(reverse("login"))
        return context
