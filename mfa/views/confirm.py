"""/cadmin/confirm/: "confirm it is you" with a password, a code or a passkey."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from accounts.audit import FAILED_ATTEMPT_KIND_ATTRIBUTE, Kind, record
from accounts.pages import SignedInPageMixin
from accounts.redirects import redirect_target, requested_next_url

from .. import confirm, factors, second_step
from ..forms import ConfirmForm
from ..lockout import paused_response
from ..passkeys import passkey_context

WRONG = "That is not right. Try again."


@method_decorator([sensitive_post_parameters("password", "otp_token"), csrf_protect], "dispatch")
class ConfirmView(SignedInPageMixin, FormView):
    template_name = "mfa/confirm.html"
    form_class = ConfirmForm
    http_method_names = ["get", "head", "post", "options"]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            next=requested_next_url(self.request) or "",
            has_factor=factors.has_second_factor(user),
            confirm_minutes=settings.TGDB_CONFIRM_MINUTES,
            **passkey_context(self.request, factors.passkeys(user).exists()),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        paused = paused_response(self.request, user)
        if paused is not None:
            return paused
        password, code = form.cleaned_data["password"], form.cleaned_data["otp_token"]
        refusal = WRONG
        if password:
            # authenticate() goes through django-axes: a wrong password here counts toward the
            # same lockout as one on a sign-in page.
            setattr(self.request, FAILED_ATTEMPT_KIND_ATTRIBUTE, Kind.CONFIRM_FAILED)
            confirmed_by = authenticate(
                self.request, username=user.get_username(), password=password
            )
            detail = "Password"
        else:
            check = factors.check_code(user, code)
            confirmed_by = check.device
            detail = second_step.describe(check.device)
            if check.device is None:
                refusal = check.refusal(WRONG)
                record(self.request, Kind.CONFIRM_FAILED, user=user, detail="Wrong code")
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
        if confirmed_by is None:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        confirm.mark_confirmed(self.request)
        record(self.request, Kind.CONFIRMED, user=user, detail=detail)
        return redirect(redirect_target(self.request, "security"))
