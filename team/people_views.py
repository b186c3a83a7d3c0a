"""The people page and what an administrator does there: change a role, deactivate, reactivate.

Each change asks for "confirm it is you" (mfa.confirm): a change sent after the confirmation
has lapsed comes back, once confirmed, as a page with the same change ready to send.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView

from accounts.pages import BROWSER_METHODS, SignedInPageMixin
from mfa.confirm import ConfirmedRecentlyMixin
from tgdb.forms import Jinja2RenderedForm

from . import invitations, people, roles
from .roles import Role

PEOPLE_PER_PAGE = 50


class AdministratorsOnlyMixin(SignedInPageMixin, PermissionRequiredMixin):
    """Administrators (and superusers) only: anyone else signed in gets a 403."""

    permission_required = "accounts.manage_people"


class PeopleView(AdministratorsOnlyMixin, ListView):
    template_name = "team/people.html"
    context_object_name = "people"
    paginate_by = PEOPLE_PER_PAGE

    def get_queryset(self):
        return people.team()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Roles from the prefetched groups: no query per person.
        rows = [(person, roles.role_of(person)) for person in context["people"]]
        return super().get_context_data(
            rows=rows,
            roles=Role.choices,
            descriptions=roles.DESCRIPTIONS.items(),
            **invitations.people_page_context(),
            **context,
        )


class ConfirmForm(Jinja2RenderedForm, forms.Form):
    """Nothing to fill in: the button is the confirmation."""


class RoleForm(Jinja2RenderedForm, forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class PersonActionView(AdministratorsOnlyMixin, ConfirmedRecentlyMixin, FormView):
    """GET: the change, ready to send (where "confirm it is you" sends the administrator
    back); POST: make it. A refused change says why, with a 400, and changes nothing."""

    template_name = "team/person_confirm.html"
    form_class = ConfirmForm
    http_method_names = BROWSER_METHODS
    heading = ""
    button = ""

    @cached_property
    def person(self):
        # Looked up only once the permission checks have passed: to anyone else, every
        # number answers alike and tells nothing about who has an account.
        return get_object_or_404(get_user_model(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        name = self.person.get_username()
        return super().get_context_data(
            person=self.person,
            heading=self.heading.format(name=name),
            button=self.button,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            done = self.change(form)
        except people.RefusedChange as refused:
            form.add_error(None, str(refused))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, done)
        return HttpResponseRedirect(reverse("people"))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def change(self, form) -> str:
        raise NotImplementedError


class PersonRoleView(PersonActionView):
    form_class = RoleForm
    heading = "Change the role of {name}"
    button = "Change role"

    def get_initial(self):
        role = roles.role_of(self.person)
        return {"role": role.value if role else Role.CONTRIBUTOR, **super().get_initial()}

    def change(self, form) -> str:
        role = Role(form.cleaned_data["role"])
        people.change_role(self.request, self.person, role)
        article = "an" if role.label[0] in "AEIOU" else "a"
        return f"{self.person.get_username()} is now {article} {role.label}."


class PersonDeactivateView(PersonActionView):
    heading = "Deactivate {name}"
    button = "Deactivate"

    def change(self, form) -> str:
        ended = people.deactivate(self.request, self.person)
        signed_out = (
            f" and signed out of {ended} session{'s' if ended != 1 else ''}" if ended else ""
        )
        return (
            f"{self.person.get_username()} was deactivated{signed_out}: they cannot sign in. "
            "Their posts stay, with their name."
        )


class PersonReactivateView(PersonActionView):
    heading = "Reactivate {name}"
    button = "Reactivate"

    def change(self, form) -> str:
        people.reactivate(self.request, self.person)
        return f"{self.person.get_username()} can sign in again."
