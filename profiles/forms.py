"""The profile form: what readers see of an author, and the account's e-mail address."""

from django import forms
from django.contrib.auth import get_user_model

from tgdb.forms import Jinja2RenderedForm

from .email_change import TAKEN, is_new_address, is_taken
from .models import EMAIL_MAX_LENGTH


class ProfileForm(Jinja2RenderedForm, forms.ModelForm):
    """Saving it saves the display name and bio only. The e-mail address is a plain field,
    not the model's, so a new address can never be written to the account by this form: it
    waits for its link (profiles/email_change.py)."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=EMAIL_MAX_LENGTH,
        help_text=(
            "Password resets and security notices go here. A new address takes effect when "
            "you follow the link we send to it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = get_user_model()
        fields = ["display_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("email", self.instance.email)
        # What is saved now; the initial values may be what was typed before "confirm it is
        # you" interrupted the form, so changed_data cannot tell.
        self._saved = (self.instance.display_name, self.instance.bio)

    def clean_email(self) -> str:
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if is_new_address(self.instance, email) and is_taken(email, by_other_than=self.instance):
            raise forms.ValidationError(TAKEN, code="taken")
        return email

    @property
    def email_changed(self) -> bool:
        return is_new_address(self.instance, self.cleaned_data["email"])

    @property
    def profile_changed(self) -> bool:
        typed = (self.cleaned_data["display_name"], self.cleaned_data["bio"])
        return typed != self._saved

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        if commit:
            user.save(update_fields=["display_name", "bio"])
        return user
