"""Finishing a sign-in, on every door: after the password, the second step or login().

A door checks the password, then calls `after_password`. For an account without a second
factor, or on a browser it trusts, that signs in at once; otherwise it remembers the half-way
state and sends the browser to the door's second step, and nobody is signed in yet.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse_lazy

from accounts.audit import DOOR_ATTRIBUTE, SIGN_IN_KIND_ATTRIBUTE, Kind, door_of, record
from accounts.redirects import SafeNextMixin
from accounts.sessions import REMEMBER_ME_FIELD, keep_session

from . import factors, pending, policy, trust

# Every sign-in is recorded against the one password backend, which also reloads the user for
# each request; a passkey or a code only decides whether login() may be called.
BACKEND = "accounts.backends.UsernameOrEmailBackend"


def sign_in(
    request: HttpRequest,
    user,
    *,
    remember_me: bool,
    device=None,
    kind: str = Kind.SIGNED_IN,
    door: str | None = None,
    has_factor: bool | None = None,
) -> None:
    """login(), with the factor that verified it, the session's lifetime and the audit event."""
    setattr(request, SIGN_IN_KIND_ATTRIBUTE, kind)
    if door:
        setattr(request, DOOR_ATTRIBUTE, door)
    # The new session, last_login, the audit event and the lockout bookkeeping: one commit.
    with transaction.atomic():
        login(request, user, backend=BACKEND)
    if device is not None:
        factors.mark_session_verified(request, device)
    keep_session(request, remember_me=remember_me)
    policy.note_sign_in(request, user, has_factor if has_factor is not None else device is not None)


def after_password(
    request: HttpRequest, user, *, next_url: str, remember_me: bool, second_step_url: str
) -> HttpResponseRedirect:
    """The password was right: sign in, or go on to the second step."""
    factor_ids = factors.factor_ids(user)
    if factor_ids and not trust.is_trusted(request, user, factor_ids):
        pending.start(
            request, user, door=door_of(request), next_url=next_url, remember_me=remember_me
        )
        return HttpResponseRedirect(resolve_url(second_step_url))
    if factor_ids:
        record(request, Kind.TRUSTED_BROWSER_USED, user=user)
    sign_in(request, user, remember_me=remember_me, has_factor=bool(factor_ids))
    return HttpResponseRedirect(next_url)


class TwoStepLoginMixin:
    """For Django's LoginView: a valid form leads to `after_password` instead of login()."""

    second_step_url = "login_verify"

    def form_valid(self, form):
        return after_password(
            self.request,
            form.get_user(),
            next_url=self.get_success_url(),
            remember_me=bool(form.cleaned_data.get(REMEMBER_ME_FIELD)),
            second_step_url=self.second_step_url,
        )


class AdminSignInView(TwoStepLoginMixin, SafeNextMixin, auth_views.LoginView):
    """Django admin's sign-in page; staff with a second factor finish at the dashboard's step."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"
    next_page = reverse_lazy("admin:index")
