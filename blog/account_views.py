"""The hand-rolled sign-in: authenticate(), login() and logout() called directly.

The views are named sign_in/sign_out/account so they never shadow the auth functions they call.
"""

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.forms import WRONG_CREDENTIALS, CredentialsForm
from accounts.redirects import redirect_target, requested_next_url
from accounts.sessions import keep_session

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
            # The new session, last_login, the audit event and the lockout bookkeeping: one commit.
            with transaction.atomic():
                login(request, user)
            keep_session(request, remember_me=form.cleaned_data["remember_me"])
            return redirect(redirect_target(request, ACCOUNT_PAGE))
        form.add_error(None, WRONG_CREDENTIALS)
    context = {"form": form, "next": requested_next_url(request) or ""}
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
