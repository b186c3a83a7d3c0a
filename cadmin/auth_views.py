"""The dashboard door: Django's own LoginView and LogoutView, configured rather than rewritten."""

from django.contrib.auth import views as auth_views

from accounts.forms import SignInForm
from accounts.redirects import SafeNextMixin


class SignInView(SafeNextMixin, auth_views.LoginView):
    template_name = "cadmin/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    http_method_names = ["get", "head", "post", "options"]  # FormView would also take PUT as a POST


class SignOutView(SafeNextMixin, auth_views.LogoutView):
    """GET shows "Sign out?" (or "You are signed out"); only a POST ends the session."""

    template_name = "cadmin/logout.html"
    http_method_names = ["get", "head", "post", "options"]
