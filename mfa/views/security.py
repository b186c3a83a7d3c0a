"""/cadmin/security/: the account's second factors, and the changes made to them."""

import segno
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView, TemplateView

from accounts.audit import Kind, record
from accounts.pages import SignedInPageMixin
from accounts.redirects import redirect_target, requested_next_url, with_next

from .. import changes, factors, policy, trust
from ..confirm import ConfirmedRecentlyMixin
from ..forms import AuthenticatorCodeForm, PasskeyNameForm
from ..passkeys import passkey_context

NOT_FROM_THE_APP = "That code is not right. Check the app shows this site."
LAST_FACTOR = "Your account must keep a second factor: add another one before removing this one."


class SecurityView(SignedInPageMixin, TemplateView):
    template_name = "mfa/security.html"

    def get_context_data(self, **kwargs):
        request, user = self.request, self.request.user
        # Fresh recovery codes are shown once; coming back here means they were seen.
        request.session.pop(changes.FRESH_CODES_KEY, None)
        factor_ids = factors.factor_ids(user)
        return super().get_context_data(
            authenticator=factors.authenticator(user),
            passkeys=list(factors.passkeys(user)),
            has_factor=bool(factor_ids),
            recovery_codes_left=factors.recovery_codes_left(user) if factor_ids else 0,
            trust_offered=trust.offered(),
            browser_trusted=bool(factor_ids) and trust.is_trusted(request, user, factor_ids),
            must_add_factor=policy.must_add_factor(request),
            then_continue_to=policy.interrupted(request),
            **passkey_context(request, True),
            **kwargs,
        )


class AuthenticatorView(SignedInPageMixin, ConfirmedRecentlyMixin, FormView):
    """Set up the authenticator app: QR code, key as text, otpauth:// link, then a code.

    The key waits in an unconfirmed django-otp device until a code from the app proves the app
    has it; only then does it count as a factor.
    """

    template_name = "mfa/authenticator.html"
    form_class = AuthenticatorCodeForm

    def dispatch(self, request, *args, **kwargs):
        self.active = factors.authenticator(request.user) if request.user.is_authenticated else None
        return super().dispatch(request, *args, **kwargs)

    def new_device(self):
        user = self.request.user
        device = factors.authenticator(user, confirmed=False)
        if device is None:
            device = factors.TOTPDevice.objects.create(
                user=user, name=factors.AUTHENTICATOR_NAME, confirmed=False
            )
        return device

    def get_context_data(self, **kwargs):
        context = super().get_context_data(active=self.active, **kwargs)
        if self.active is None:
            device = self.new_device()
            secret = factors.base32_secret(device)
            context.update(
                otpauth_url=device.config_url,
                secret_groups=[secret[i : i + 4] for i in range(0, len(secret), 4)],
                qr_svg=segno.make(device.config_url, error="m").svg_inline(
                    scale=5, dark="#111", light="#fff", title="QR code for your authenticator app"
                ),
            )
        return context

    def form_valid(self, form):
        if self.active is not None:
            return redirect("security")
        device = self.new_device()
        check = factors.verify(device, form.cleaned_data["otp_token"])
        if check.device is None:
            form.add_error("otp_token", check.refusal(NOT_FROM_THE_APP))
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        made_codes = changes.factor_added(
            self.request,
            device,
            factors.AUTHENTICATOR_NAME,
            "An authenticator app was added to your account.",
        )
        messages.success(self.request, "Your authenticator app is set up.")
        then = policy.continue_after_set_up(self.request)
        if made_codes:
            return redirect(with_next(reverse("recovery_codes"), then))
        return redirect(then or "security")


class ActionView(SignedInPageMixin, ConfirmedRecentlyMixin, TemplateView):
    """A change made by one button: GET asks, POST does it (after confirming it is you)."""

    template_name = "mfa/action.html"
    title = ""
    question = ""
    button = ""
    done = ""
    success_url = reverse_lazy("security")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, question=self.question, button=self.button, **kwargs
        )

    def post(self, request, *args, **kwargs):
        response = self.act()
        if response is not None:
            return response
        messages.success(request, self.done)
        return HttpResponseRedirect(self.success_url)

    def act(self):
        raise NotImplementedError


class RemoveFactorMixin:
    def act(self):
        if not changes.may_remove_factor(self.request):
            messages.error(self.request, LAST_FACTOR)
            return redirect("security")
        device = self.get_device()
        changes.factor_removed(self.request, device, self.describe(device), self.sentence)
        return None


class RemoveAuthenticatorView(RemoveFactorMixin, ActionView):
    title = "Remove the authenticator app"
    question = "Signing in will no longer accept codes from your authenticator app."
    button = "Remove the authenticator app"
    done = "The authenticator app was removed."
    sentence = "The authenticator app was removed from your account."

    def get_device(self):
        device = factors.authenticator(self.request.user)
        if device is None:
            raise Http404("No authenticator app")
        return device

    def describe(self, device) -> str:
        return factors.AUTHENTICATOR_NAME

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and factors.authenticator(request.user) is None:
            return redirect("security")
        return super().dispatch(request, *args, **kwargs)


class RemovePasskeyView(RemoveFactorMixin, ActionView):
    button = "Remove this passkey"
    done = "The passkey was removed."
    sentence = "A passkey was removed from your account."

    def get_device(self):
        return get_object_or_404(factors.passkeys(self.request.user), pk=self.kwargs["pk"])

    def describe(self, device) -> str:
        return device.name

    def get_context_data(self, **kwargs):
        device = self.get_device()
        self.title = f"Remove the passkey “{device.name}”"
        self.question = "It will no longer sign you in. The device itself keeps it until you "
        self.question += "delete it there too."
        return super().get_context_data(**kwargs)


class NewRecoveryCodesView(ActionView):
    title = "Make new recovery codes"
    question = "Your current recovery codes will stop working at once."
    button = "Make new codes"
    success_url = reverse_lazy("recovery_codes")

    def act(self):
        if not factors.has_second_factor(self.request.user):
            messages.error(self.request, "Add an authenticator app or a passkey first.")
            return redirect("security")
        changes.make_recovery_codes(self.request)
        self.done = "Here are your new recovery codes. The old ones no longer work."
        return None


class ForgetTrustedBrowsersView(ActionView):
    title = "Forget trusted browsers"
    question = "Every browser that skips the second step, this one included, will ask again."
    button = "Forget trusted browsers"
    done = "No browser is trusted any more."

    def act(self):
        changes.forget_trusted_browsers(self.request)
        response = HttpResponseRedirect(self.success_url)
        response.delete_cookie(trust.COOKIE_NAME, samesite="Lax")
        messages.success(self.request, self.done)
        return response


class PasskeyView(SignedInPageMixin, FormView):
    """One passkey: its name (rename it here), when it was added and last used."""

    template_name = "mfa/passkey.html"
    form_class = PasskeyNameForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.device = get_object_or_404(factors.passkeys(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"name": self.device.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            passkey=self.device, next=requested_next_url(self.request) or "", **kwargs
        )

    def form_valid(self, form):
        old_name, self.device.name = self.device.name, form.cleaned_data["name"]
        self.device.save(update_fields=["name"])
        record(
            self.request,
            Kind.FACTOR_RENAMED,
            user=self.request.user,
            detail=f"{old_name} → {self.device.name}",
        )
        messages.success(self.request, "Passkey saved.")
        return redirect(redirect_target(self.request, reverse("security")))
