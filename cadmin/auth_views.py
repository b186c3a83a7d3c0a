"""The dashboard door: Django's own auth views, configured rather than rewritten."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts.audit import Kind, record
from accounts.forms import SignInForm
from accounts.pages import BROWSER_METHODS
from accounts.redirects import SafeNextMixin
from mfa.confirm import ConfirmedRecentlyMixin
from mfa.notices import send_notice
from mfa.passkeys import passkey_context
from mfa.sign_in import TwoStepLoginMixin
from usersessions import records

from .mixins import DashboardPageMixin


class SignInView(TwoStepLoginMixin, SafeNextMixin, auth_views.LoginView):
    """A right password signs in, or leads on to the second step (mfa.sign_in)."""

    template_name = "cadmin/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    http_method_names = BROWSER_METHODS

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **passkey_context(self.request, True),
            open_signup=settings.TGDB_OPEN_SIGNUP,
            **kwargs,
        )


class SignOutView(SafeNextMixin, auth_views.LogoutView):
    """GET shows "Sign out?" (or "You are signed out"); only a POST ends the session."""

    template_name = "cadmin/logout.html"
    http_method_names = BROWSER_METHODS


class PasswordChangeView(DashboardPageMixin, ConfirmedRecentlyMixin, auth_views.PasswordChangeView):
    """Django keeps this session signed in (update_session_auth_hash); every other session of
    the user carries the old password's hash and is signed out on its next request."""

    template_name = "cadmin/password_change_form.html"
    success_url = reverse_lazy("password_change_done")
    http_method_names = BROWSER_METHODS

    def form_valid(self, form):
        key_before = self.request.session.session_key
        response = super().form_valid(form)
        records.follow_new_key(key_before, self.request)
        record(self.request, Kind.PASSWORD_CHANGED, user=form.user)
        send_notice(self.request, form.user, "The password of your account was changed.")
        return response


class PasswordChangeDoneView(DashboardPageMixin, auth_views.PasswordChangeDoneView):
    template_name = "cadmin/password_change_done.html"
