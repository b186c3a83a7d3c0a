"""The dashboard door: Django's own auth views, configured rather than rewritten."""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from accounts.audit import Kind, record
from accounts.forms import SignInForm
from accounts.redirects import SafeNextMixin
from accounts.sessions import keep_session

from .mixins import DashboardPageMixin

# Django's FormView would also take PUT as a POST; these pages answer only what a browser sends.
BROWSER_METHODS = ["get", "head", "post", "options"]


class SignInView(SafeNextMixin, auth_views.LoginView):
    template_name = "cadmin/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    http_method_names = BROWSER_METHODS

    def form_valid(self, form):
        # The new session, last_login, the audit event and the lockout bookkeeping: one commit.
        with transaction.atomic():
            response = super().form_valid(form)
        keep_session(self.request, remember_me=form.cleaned_data["remember_me"])
        return response


class SignOutView(SafeNextMixin, auth_views.LogoutView):
    """GET shows "Sign out?" (or "You are signed out"); only a POST ends the session."""

    template_name = "cadmin/logout.html"
    http_method_names = BROWSER_METHODS


class PasswordChangeView(DashboardPageMixin, auth_views.PasswordChangeView):
    """Django keeps this session signed in (update_session_auth_hash); every other session of
    the user carries the old password's hash and is signed out on its next request."""

    template_name = "cadmin/password_change_form.html"
    success_url = reverse_lazy("password_change_done")
    http_method_names = BROWSER_METHODS

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request, Kind.PASSWORD_CHANGED, user=form.user)
        return response


class PasswordChangeDoneView(DashboardPageMixin, auth_views.PasswordChangeDoneView):
    template_name = "cadmin/password_change_done.html"
