from django import forms

from .models import Image

ALT_HELP = (
    "What the picture shows, for readers who cannot see it. Leave it empty only if the picture "
    "is decorative."
)


class DescriptionForm(forms.Form):
    """The description given with an upload."""

    alt = forms.CharField(
        label="Description (alt text)", max_length=1000, required=False, help_text=ALT_HELP
    )
    decorative = forms.BooleanField(
        label="Decorative: it adds nothing a reader of the text would miss", required=False
    )


class ImageForm(forms.ModelForm):
    """What can be changed about an image after it is uploaded."""

    class Meta:
        model = Image
        fields = ["alt", "decorative", "focal_x", "focal_y"]
        labels = {
            "focal_x": "Focal point, across (0 to 1)",
            "focal_y": "Focal point, down (0 to 1)",
        }
        help_texts = {"alt": ALT_HELP}
        widgets = {
            "alt": forms.Textarea(attrs={"rows": 3}),
            "focal_x": forms.NumberInput(attrs={"min": 0, "max": 1, "step": 0.01}),
            "focal_y": forms.NumberInput(attrs={"min": 0, "max": 1, "step": 0.01}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decorative"):
            cleaned["alt"] = ""
        for field in ("focal_x", "focal_y"):
            value = cleaned.get(field)
            if value is not None and not 0 <= value <= 1:
                self.add_error(field, "Give a number from 0 to 1.")
        return cleaned
