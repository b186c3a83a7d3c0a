"""Sends an account that must have a second factor, and has none, to set one up first."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from .policy import must_add_factor, note_interrupted

SET_ONE_UP = (
    "Your account needs a second factor before you go on: add an authenticator app or a passkey."
)
# Reachable meanwhile: the security pages, confirming, passkey ceremonies, signing out.
ALLOWED_NAMES = ["security", "reauthenticate", "logout", "blog_logout", "admin:logout"]


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        # The load balancer's probe is no visit of an account: it must not even read a session.
        if request.path == reverse("healthz"):
            return self.get_response(request)
        if must_add_factor(request) and not self._allowed(request.path):
            note_interrupted(request)  # to go on there once a factor is added
            messages.warning(request, SET_ONE_UP)
            return HttpResponseRedirect(reverse("security"))
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        prefixes = [reverse(name) for name in ALLOWED_NAMES]
        # The passkey ceremonies' endpoints share one prefix; static files never get this far
        # (WhiteNoise answers them first).
        prefixes.append(reverse("otp_webauthn:js-i18n-catalog").rsplit("/", 2)[0] + "/")
        return any(path.startswith(prefix) for prefix in prefixes)
