"""The forms of inviting and joining: an administrator's invitation, a newcomer's sign-up, and
the account an invitee makes with a password or, instead, a passkey."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetUnusablePasswordMixin, UserCreationForm
from django.core.validators import MaxLengthValidator

from accounts.forms import PASSWORD_MAX_LENGTH
from tgdb.forms import Jinja2RenderedForm

from .roles import ORDER, Role

# The value of the join form's second submit button.
USE_PASSKEY = "passkey"


ROLES_HELP = (
    "Give the least that is needed: a Contributor writes drafts for review, an Author also "
    "publishes, an Editor edits every post, an Administrator also manages people."
)


class InviteForm(Jinja2RenderedForm, forms.Form):
    email = forms.EmailField(label="E-mail address", max_length=254)
    # The lowest role by default: giving more is a choice.
    role = forms.ChoiceField(
        choices=[(role.value, role.label) for role in ORDER],
        initial=Role.CONTRIBUTOR,
        help_text=ROLES_HELP,
    )


class SignUpForm(Jinja2RenderedForm, forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class JoinForm(Jinja2RenderedForm, SetUnusablePasswordMixin, UserCreationForm):
    """Django's UserCreationForm: a username unique ignoring case and following the model's
    rule (accounts.validators), two passwords checked by AUTH_PASSWORD_VALIDATORS against the
    username and the invited address. The "Use a passkey instead" button asks for no password:
    the account gets an unusable one, as Django admin's "Password-based authentication:
    Disabled" does."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)

    def __init__(self, *args, email: str, **kwargs) -> None:
        # The invited address is part of the account the validators compare the password with.
        super().__init__(*args, instance=get_user_model()(email=email), **kwargs)
        username = self.fields["username"]
        username.widget.attrs["autocomplete"] = "username"
        for name in ("password1", "password2"):
            self.fields[name].required = False  # unless a password is chosen (clean)
            self.fields[name].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))

    @property
    def wants_passkey(self) -> bool:
        return self.data.get("use") == USE_PASSKEY

    def clean(self):
        # What SetUnusablePasswordMixin reads to skip the passwords and their validators.
        self.cleaned_data["usable_password"] = "false" if self.wants_passkey else "true"
        return super().clean()

    @property
    def password(self) -> str | None:
        """The chosen password, or None for a passkey."""
        return None if self.wants_passkey else self.cleaned_data["password1"]
