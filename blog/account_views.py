"""The hand-rolled sign-in: authenticate(), login() and logout() called directly.

login() is called by mfa.sign_in, right away or after the second step (/login/verify/).

The views are named sign_in/sign_out/account so they never shadow the auth functions they call.
"""

from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.forms import WRONG_CREDENTIALS, CredentialsForm
from accounts.redirects import redirect_target, requested_next_url
from mfa.passkeys import passkey_context
from mfa.sign_in import after_password

ACCOUNT_PAGE = "admin_page"


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(redirect_target(request, ACCOUNT_PAGE))
    form = CredentialsForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None:
            # login() now, or the second step first for an account with a second factor.
            return after_password(
                request,
                user,
                next_url=redirect_target(request, ACCOUNT_PAGE),
                remember_me=form.cleaned_data["remember_me"],
                second_step_url="blog_login_verify",
            )
        form.add_error(None, WRONG_CREDENTIALS)
    context = {
        "form": form,
        "next": requested_next_url(request) or "",
        **passkey_context(request, True),
    }
    return render(request, "blog/login.html", context)


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_out(request):
    """GET asks (or says you are already out); only a POST with a CSRF token signs out."""
    if request.method == "POST":
        logout(request)
        next_url = requested_next_url(request)
        if next_url:
            return redirect(next_url)
    return render(request, "blog/logout.html")


@never_cache
@login_required(login_url="blog_login")
def account(request):
    return render(request, "blog/admin_page.html")
