"""The editor's note when sending a submission back, with the version it was written on."""

from django import forms

from tgdb.forms import Jinja2RenderedForm

NOTE_MAX_LENGTH = 2000
INCOMPLETE = "That form was not complete, so nothing was sent back. Open the post again."


class SendBackForm(Jinja2RenderedForm, forms.Form):
    note = forms.CharField(
        label="Note to the author",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what to change before it can be published. The author gets it by e-mail.",
        error_messages={
            "required": "Write a note: the author needs to know what to change.",
            "max_length": "Keep the note to %(limit_value)d characters (it has %(show_value)d).",
        },
    )
    # The version the editor read: sending back a post changed since is refused (409).
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), INCOMPLETE),
    )
