"""'Confirm it is you': sensitive changes need a sign-in or a confirmation in the last minutes.

The time of the last sign-in or confirmation is kept in the session. A change asked for after
TGDB_CONFIRM_MINUTES is sent to /cadmin/confirm/ first and back afterwards; a form it
interrupted is kept (never its passwords or codes) and filled in again on the way back.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import reverse

from accounts.redirects import REDIRECT_FIELD_NAME

CONFIRMED_AT_KEY = "mfa_confirmed_at"
INTERRUPTED_FORM_KEY = "mfa_interrupted_form"
# Never kept from an interrupted form.
SECRET_FIELDS = ("password", "otp_token", "csrfmiddlewaretoken")


def mark_confirmed(request: HttpRequest) -> None:
    request.session[CONFIRMED_AT_KEY] = time.time()


@receiver(user_logged_in, dispatch_uid="mfa_sign_in_confirms")
def _signing_in_confirms(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        mark_confirmed(request)


def recently_confirmed(request: HttpRequest) -> bool:
    confirmed_at = request.session.get(CONFIRMED_AT_KEY)
    if not isinstance(confirmed_at, int | float):
        return False
    return time.time() - confirmed_at <= settings.TGDB_CONFIRM_MINUTES * 60


def confirm_first(request: HttpRequest) -> HttpResponseRedirect:
    """Send the browser to confirm, keeping an interrupted form's harmless fields."""
    back_to = request.get_full_path()
    if request.method == "POST":
        kept = {
            name: request.POST.getlist(name)
            for name in request.POST
            if not any(secret in name for secret in SECRET_FIELDS)
        }
        request.session[INTERRUPTED_FORM_KEY] = {"path": request.path, "data": kept}
    return HttpResponseRedirect(
        f"{reverse('reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: back_to})}"
    )


def interrupted_form(request: HttpRequest) -> QueryDict | None:
    """The form this page sent before it was interrupted, once, on the way back."""
    kept = request.session.get(INTERRUPTED_FORM_KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[INTERRUPTED_FORM_KEY]
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    return data


class RefillsInterruptedForm:
    """A form view gets the form "confirm it is you" interrupted back as its initial values,
    so the author sees what they typed and sends it again; nothing is ever applied without
    that click."""

    request: HttpRequest

    def get_initial(self):
        initial = super().get_initial()
        if self.request.method == "GET":
            kept = interrupted_form(self.request)
            if kept is not None:
                initial.update({name: kept.get(name) for name in kept})
        return initial


class ConfirmedRecentlyMixin(RefillsInterruptedForm):
    """For views of sensitive changes: confirm first unless signed in or confirmed lately."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not recently_confirmed(request):
            return confirm_first(request)
        return super().dispatch(request, *args, **kwargs)
