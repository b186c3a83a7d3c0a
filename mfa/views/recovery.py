"""Recovery codes made just now: shown once, and offered as a text file to keep."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from accounts.pages import SignedInPageMixin
from accounts.redirects import requested_next_url

from .. import changes, factors

SHOWN_ONCE = (
    "Recovery codes are shown only once, when they are made. If you have lost yours, make new ones."
)


def fresh_codes(request) -> list[str]:
    return [factors.shown(code) for code in request.session.get(changes.FRESH_CODES_KEY, [])]


class RecoveryCodesView(SignedInPageMixin, TemplateView):
    template_name = "mfa/recovery_codes.html"

    def get(self, request, *args, **kwargs):
        if not fresh_codes(request):
            messages.info(request, SHOWN_ONCE)
            return redirect("security")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            codes=fresh_codes(self.request),
            next=requested_next_url(self.request) or "",
            **kwargs,
        )


class RecoveryCodesDownloadView(SignedInPageMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        codes = fresh_codes(request)
        if not codes:
            messages.info(request, SHOWN_ONCE)
            return redirect("security")
        lines = [
            f"Recovery codes for {request.user.get_username()} at {request.get_host()}",
            "Each one signs you in once when your authenticator app or passkey is not at hand.",
            "",
            *codes,
            "",
        ]
        response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="recovery-codes.txt"'
        return response
