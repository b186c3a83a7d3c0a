"""What an autosave accepts: the editor form's own fields, checked as the post would be."""

from django import forms

from .models import Autosave


class AutosaveForm(forms.ModelForm):
    """The editor sends its whole form; only the fields a draft keeps are read. Unlike the
    post, a draft may be unfinished (no title yet), but never larger than a post may be."""

    class Meta:
        model = Autosave
        fields = ["title", "body", "category", "tags", "version"]

    def error_message(self) -> str:
        """Every error in one sentence a person can act on."""
        problems = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else "Draft"
            problems.extend(f"{label}: {error}" for error in errors)
        return "Not saved. " + " ".join(problems)
