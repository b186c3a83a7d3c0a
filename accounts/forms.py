"""Sign-in forms for both doors, with one message for every kind of wrong credentials."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

# The same words for an unknown user and a wrong password, so the page never tells which.
WRONG_CREDENTIALS = "Wrong username or password."

USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length
# Long enough for any passphrase, short enough that nobody makes the hasher chew megabytes.
PASSWORD_MAX_LENGTH = 4096


class CredentialsForm(forms.Form):
    """The fields of the hand-rolled sign-in page; checking them is the view's job."""

    username = forms.CharField(
        max_length=USERNAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignInForm(AuthenticationForm):
    """Django's AuthenticationForm for the dashboard door, with our wording and size limits."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": WRONG_CREDENTIALS,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Django only sets the HTML maxlength here; enforce it on the server too.
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX_LENGTH))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
