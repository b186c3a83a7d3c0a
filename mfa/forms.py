"""Forms of the second step, of "confirm it is you" and of the security page."""

from django import forms
from django.conf import settings

from accounts.forms import PASSWORD_MAX_LENGTH
from tgdb.forms import Jinja2RenderedForm

from . import factors

CODE_LABEL = "Code"
CODE_HELP = "The 6-digit code from your authenticator app, or one of your recovery codes."
MALFORMED_CODE = "Enter the 6 digits from your authenticator app, or a recovery code (abcd-efgh)."
# Generous for spaces and dashes, small enough that nothing large is ever looked at.
CODE_MAX_LENGTH = 32


class OneTimeCodeInput(forms.TextInput):
    """A code is never drawn back into the page: a wrong one is typed afresh."""

    def format_value(self, value):
        return None


def code_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=CODE_LABEL,
        max_length=CODE_MAX_LENGTH,
        widget=OneTimeCodeInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        **kwargs,
    )


def clean_code(typed: str) -> str:
    code = factors.normalise_code(typed)
    if not factors.is_well_formed(code):
        raise forms.ValidationError(MALFORMED_CODE, code="malformed")
    return code


class CodeForm(Jinja2RenderedForm, forms.Form):
    otp_token = code_field(help_text=CODE_HELP)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].widget.attrs["autofocus"] = True

    def clean_otp_token(self) -> str:
        return clean_code(self.cleaned_data["otp_token"])


class SecondStepForm(CodeForm):
    trust_browser = forms.BooleanField(label="", required=False, label_suffix="")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        days = settings.TGDB_TRUST_BROWSER_DAYS
        if days > 0:
            self.fields["trust_browser"].label = f"Trust this browser for {days} days"
            self.fields["trust_browser"].help_text = (
                "It will not ask for a code here again until then, or until your password "
                "or your second factors change."
            )
        else:
            del self.fields["trust_browser"]


class AuthenticatorCodeForm(Jinja2RenderedForm, forms.Form):
    """Confirms a new authenticator app: only a code from the app itself will do."""

    otp_token = code_field(help_text="The 6-digit code your app shows for this site now.")

    def clean_otp_token(self) -> str:
        code = factors.normalise_code(self.cleaned_data["otp_token"])
        if not factors.TOTP_CODE.fullmatch(code):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows.")
        return code


class ConfirmForm(Jinja2RenderedForm, forms.Form):
    """Your password, or a code: either one confirms it is you."""

    password = forms.CharField(
        required=False,
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    otp_token = code_field(required=False, help_text=f"Or: {CODE_HELP[0].lower()}{CODE_HELP[1:]}")

    def clean_otp_token(self) -> str:
        typed = self.cleaned_data["otp_token"]
        return clean_code(typed) if typed else ""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("password") and not cleaned.get("otp_token"):
            raise forms.ValidationError("Enter your password or a code.", code="empty")
        return cleaned


class PasskeyNameForm(Jinja2RenderedForm, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=64,  # django-otp's Device.name
        help_text="So you can tell your passkeys apart, such as “Work laptop” or “YubiKey”.",
    )
