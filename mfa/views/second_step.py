"""The second step of signing in: a code (app or recovery code) or a passkey."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from accounts.audit import Kind, record
from accounts.pages import BROWSER_METHODS
from accounts.redirects import with_next

from .. import factors, pending, second_step, trust
from ..forms import SecondStepForm
from ..lockout import paused_response
from ..notices import send_notice
from ..passkeys import passkey_context

START_AGAIN = "Sign in with your password first."
TOO_SLOW_OR_TOO_MANY = "That took too long or too many tries. Sign in with your password again."
WRONG_CODE = "That code is not right, or it was already used."


@method_decorator(
    [sensitive_post_parameters("otp_token"), csrf_protect, never_cache], name="dispatch"
)
class SecondStepView(FormView):
    """Configured per door: its template and its sign-in page."""

    form_class = SecondStepForm
    template_name = "cadmin/login_verify.html"
    sign_in_url_name = "login"
    http_method_names = BROWSER_METHODS

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(self.sign_in_url_name)  # which sends a signed-in user on
        self.pending, self.user = pending.load(request)
        if self.pending is None:
            messages.info(request, START_AGAIN)
            return redirect(self.sign_in_url_name)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            attempts_left=self.pending.attempts_left,
            sign_in_url=self.back_to_password_url(),
            **passkey_context(self.request, factors.passkeys(self.user).exists()),
            **kwargs,
        )

    def form_invalid(self, form):
        if form.has_error("otp_token", "malformed"):
            # A malformed code is a wrong answer too, or the five tries would be endless.
            left = second_step.failed(self.request, self.pending, self.user, "Malformed code")
            if left == 0:
                return self.back_to_password()
        return super().form_invalid(form)

    def form_valid(self, form):
        paused = paused_response(self.request, self.user)
        if paused is not None:
            pending.clear(self.request)
            return paused
        check = factors.check_code(self.user, form.cleaned_data["otp_token"])
        if check.device is None:
            return self.wrong_code(form, check)
        detail = second_step.describe(check.device)
        second_step.passed(self.request, self.pending, self.user, check.device, detail)
        if check.is_recovery_code:
            self.recovery_code_used()
        response = redirect(self.pending.next_url)
        if form.cleaned_data.get("trust_browser"):
            trust.trust(response, self.user, factors.factor_ids(self.user))
        return response

    def wrong_code(self, form, check):
        form.add_error("otp_token", check.refusal(WRONG_CODE))
        left = second_step.failed(self.request, self.pending, self.user, "Wrong code")
        if left == 0:
            return self.back_to_password()
        return super().form_invalid(form)

    def recovery_code_used(self) -> None:
        left = factors.recovery_codes_left(self.user)
        record(self.request, Kind.RECOVERY_CODE_USED, user=self.user, detail=f"{left} left")
        messages.warning(
            self.request,
            f"You used a recovery code; {left} left. Make new ones on your security page.",
        )
        send_notice(
            self.request,
            self.user,
            f"A recovery code was used to sign in to your account; {left} are left.",
        )

    def back_to_password_url(self) -> str:
        url = reverse(self.sign_in_url_name)
        return with_next(url, self.pending.next_url if self.pending else None)

    def back_to_password(self):
        url = self.back_to_password_url()
        pending.clear(self.request)
        messages.error(self.request, TOO_SLOW_OR_TOO_MANY)
        return redirect(url)
