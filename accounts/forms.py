"""Sign-in forms for both doors, with one message for every kind of wrong credentials."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from tgdb.forms import EmptyFormDrawnOnce, Jinja2RenderedForm

# The same words for an unknown user and a wrong password, so the page never tells which.
WRONG_CREDENTIALS = "Wrong username, e-mail or password."
LOGIN_LABEL = "Username or e-mail"
REMEMBER_ME_HELP = "Leave unticked on a shared computer: the browser forgets you when it closes."

_user_fields = get_user_model()._meta
# Either a username or an e-mail address fits.
LOGIN_MAX_LENGTH = max(
    _user_fields.get_field("username").max_length, _user_fields.get_field("email").max_length
)
# Long enough for any passphrase, short enough that nobody makes the hasher chew megabytes.
PASSWORD_MAX_LENGTH = 4096


def remember_me_field() -> forms.BooleanField:
    days = settings.SESSION_COOKIE_AGE // 86400
    return forms.BooleanField(
        label=f"Keep me signed in for {days} days",
        label_suffix="",
        required=False,
        help_text=REMEMBER_ME_HELP,
    )


class CredentialsForm(EmptyFormDrawnOnce, Jinja2RenderedForm, forms.Form):
    """The fields of the hand-rolled sign-in page; checking them is the view's job."""

    username = forms.CharField(
        label=LOGIN_LABEL,
        max_length=LOGIN_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    remember_me = remember_me_field()


class SignInForm(EmptyFormDrawnOnce, Jinja2RenderedForm, AuthenticationForm):
    """Django's AuthenticationForm for the dashboard door, with our wording and size limits."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": WRONG_CREDENTIALS,
    }
    remember_me = remember_me_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = LOGIN_LABEL
        username.max_length = username.widget.attrs["maxlength"] = LOGIN_MAX_LENGTH
        # Django only sets the HTML maxlength here; enforce it on the server too.
        username.validators.append(MaxLengthValidator(LOGIN_MAX_LENGTH))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
