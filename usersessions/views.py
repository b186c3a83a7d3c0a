"""/cadmin/sessions/: where you are signed in, and ending any of it; "This wasn't me"."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.generic import TemplateView

from accounts.audit import Kind, record
from accounts.browsers import browser_name
from accounts.pages import SignedInPageMixin
from mfa.confirm import ConfirmedRecentlyMixin

from . import records
from .models import KnownDevice, UserSession
from .new_device import notice_for

BAD_LINK = (
    "This link cannot be used: it was already used, has expired (links last 7 days) or was "
    "copied incompletely."
)


class SessionsView(SignedInPageMixin, TemplateView):
    template_name = "usersessions/sessions.html"

    def get_context_data(self, **kwargs):
        rows = records.active(self.request.user)
        for row in rows:
            row.browser = browser_name(row.user_agent)
            row.is_this_browser = row.session_key == self.request.session.session_key
        return super().get_context_data(
            sessions=rows, others=[row for row in rows if not row.is_this_browser], **kwargs
        )


class EndSessionView(SignedInPageMixin, View):
    """One other session, ended at once (a POST from its row's button)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        row = get_object_or_404(
            UserSession.objects.filter(user=request.user).exclude(
                session_key=request.session.session_key
            ),
            pk=pk,
        )
        name = browser_name(row.user_agent)
        records.end(row)
        record(request, Kind.SESSION_ENDED, user=request.user, detail=name)
        messages.success(request, f"Signed out {name}.")
        return HttpResponseRedirect(reverse("sessions"))


class EndOtherSessionsView(SignedInPageMixin, ConfirmedRecentlyMixin, TemplateView):
    """Every session but this one; asks to confirm it is you first."""

    template_name = "mfa/action.html"
    extra_context = {
        "title": "Sign out everywhere else",
        "question": "Every other browser signed in to your account will be signed out at once.",
        "button": "Sign out everywhere else",
        "cancel_url": reverse_lazy("sessions"),
    }

    def post(self, request):
        others = [
            row
            for row in records.active(request.user)
            if row.session_key != request.session.session_key
        ]
        for row in others:
            records.end(row)
        record(request, Kind.SESSION_ENDED, user=request.user, detail=f"{len(others)} others")
        messages.success(request, f"Signed out everywhere else ({len(others)}).")
        return HttpResponseRedirect(reverse("sessions"))


@method_decorator([csrf_protect, never_cache], name="dispatch")
class NotMeView(TemplateView):
    """From the new-device e-mail, signed in or not: GET asks, POST ends that session."""

    template_name = "usersessions/not_me.html"
    http_method_names = ["get", "head", "post", "options"]

    def dispatch(self, request, token: str):
        self.notice = notice_for(token)
        if self.notice is None:
            return render(request, "400.html", {"message": BAD_LINK}, status=400)
        return super().dispatch(request, token=token)

    def get_context_data(self, **kwargs):
        row = UserSession.objects.filter(session_key=self.notice.session_key).first()
        return super().get_context_data(
            notice=self.notice,
            session=row,
            browser=browser_name(row.user_agent) if row else "",
            **kwargs,
        )

    def post(self, request, token: str):
        notice, user = self.notice, self.notice.user
        row = UserSession.objects.filter(session_key=notice.session_key).first()
        if row is not None:
            records.end(row)
        if notice.device_id is not None:
            KnownDevice.objects.filter(pk=notice.device_id).delete()
        notice.used_at = timezone.now()
        notice.save(update_fields=["used_at"])
        record(request, Kind.NOT_ME, user=user, detail=browser_name(row.user_agent) if row else "")
        return render(request, "usersessions/not_me_done.html", {"account": user})
