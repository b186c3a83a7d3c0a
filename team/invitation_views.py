"""Inviting (administrators, from the people page) and joining (the invitee, from the e-mail).

Each administrator's action is a POST that answers with a redirect to the people page and a
message; an invitation form with a mistake is drawn again on a page of its own, with what was
typed and a 400. The invitee's page takes anyone with the link who is not signed in."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from accounts.pages import BROWSER_METHODS
from mfa.confirm import ConfirmedRecentlyMixin
from mfa.passkeys import passkey_context, passkeys_available

from . import invitations
from .forms import InviteForm, JoinForm
from .models import Invitation
from .people_views import AdministratorsOnlyMixin
from .roles import DESCRIPTIONS, Role

PEOPLE = reverse_lazy("people")
USERNAME_TAKEN = "A user with that username already exists."
NO_PASSKEYS_HERE = "Passkeys do not work at this address: choose a password, or open the link "
NO_PASSKEYS_HERE += "at the site's name."


class InviteView(AdministratorsOnlyMixin, ConfirmedRecentlyMixin, FormView):
    """An invitation hands out a role, up to Administrator: like a role change, it needs a
    sign-in or "confirm it is you" in the last minutes; the form comes back filled in."""

    template_name = "team/invite_form.html"
    form_class = InviteForm
    http_method_names = BROWSER_METHODS

    def form_valid(self, form):
        try:
            invitation = invitations.invite(
                self.request,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=self.request.user,
            )
        except invitations.InviteRefused as refused:
            form.add_error("email", str(refused))
            return self.form_invalid(form)
        messages.success(
            self.request, f"Invitation sent to {invitation.email} as {invitation.role}."
        )
        return HttpResponseRedirect(PEOPLE)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InvitationActionView(AdministratorsOnlyMixin, ConfirmedRecentlyMixin, View):
    """Resend or revoke one invitation; a POST, answered with the people page. Like every
    change on the people page, it asks for a recent "confirm it is you" first."""

    http_method_names = ["get", "head", "post", "options"]
    done = ""
    again = ""

    def get(self, request, pk: int):
        # Where "confirm it is you" leads back to: the button is on the people page.
        get_object_or_404(Invitation, pk=pk)
        messages.info(request, self.again)
        return HttpResponseRedirect(PEOPLE)

    def post(self, request, pk: int):
        invitation = get_object_or_404(Invitation, pk=pk)
        try:
            self.act(request, invitation)
        except invitations.InviteRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, self.done.format(email=invitation.email))
        return HttpResponseRedirect(PEOPLE)

    def act(self, request, invitation: Invitation) -> None:
        raise NotImplementedError


class ResendView(InvitationActionView):
    done = "A new link was sent to {email}; the earlier one no longer works."
    again = "Thank you. Now press Resend again to send the invitation."

    def act(self, request, invitation: Invitation) -> None:
        invitations.resend(request, invitation)


class RevokeView(InvitationActionView):
    done = "The invitation to {email} was revoked: its link no longer works."
    again = "Thank you. Now press Revoke again to revoke the invitation."

    def act(self, request, invitation: Invitation) -> None:
        invitations.revoke(request, invitation)


def unusable_response(request, problem: invitations.Unusable):
    context = {
        "reason": problem.reason.value,
        "invitation": problem.invitation,
        "days": settings.TGDB_INVITATION_DAYS,
    }
    return render(request, "team/join_unusable.html", context, status=problem.reason.status)


@method_decorator(
    [sensitive_post_parameters("password1", "password2"), csrf_protect, never_cache],
    name="dispatch",
)
class JoinView(FormView):
    """The invitee's page: a username and a password, or a passkey instead."""

    template_name = "team/join.html"
    form_class = JoinForm
    http_method_names = BROWSER_METHODS

    def dispatch(self, request, *args, token: str, **kwargs):
        try:
            self.invitation = invitations.find(token)
        except invitations.Unusable as problem:
            return unusable_response(request, problem)
        if request.user.is_authenticated:
            # Never a second account made from inside someone's session.
            status = 200 if request.method in ("GET", "HEAD") else 400
            context = {"invitation": self.invitation, "join_url": request.path}
            return render(request, "team/join_signed_in.html", context, status=status)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "email": self.invitation.email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitation=self.invitation,
            role_description=DESCRIPTIONS[Role(self.invitation.role)],
            **passkey_context(self.request, True),
            **kwargs,
        )

    def form_valid(self, form):
        if form.wants_passkey and not passkeys_available(self.request):
            form.add_error(None, NO_PASSKEYS_HERE)
            return self.form_invalid(form)
        try:
            user = invitations.accept(
                self.request,
                self.invitation,
                username=form.cleaned_data["username"],
                password=form.password,
            )
        except invitations.Unusable as problem:
            return unusable_response(self.request, problem)
        except invitations.UsernameTaken:
            form.add_error("username", USERNAME_TAKEN)
            return self.form_invalid(form)
        return HttpResponseRedirect(
            invitations.welcome(self.request, user, passkey=form.wants_passkey)
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
