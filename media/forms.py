from django import forms
from django.db.models import Q
from django.utils.choices import CallableChoiceIterator

from .models import Image

# What the file chooser offers; the kind is decided by decoding, never by this.
ACCEPTED_TYPES = (
    "image/jpeg,image/png,image/gif,image/webp,image/avif,image/heic,image/heif,.heic,.heif"
)
# The featured-image menu lists this many of the newest pictures (the current one always).
MENU_PICTURES = 100

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


class MultiplePicturesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PicturesField(forms.FileField):
    """Any number of pictures in one file field (Django's documented way): a list of files."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultiplePicturesInput(attrs={"accept": ACCEPTED_TYPES}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PicturesField, self).clean(file, initial) for file in files]


def picture_choice(field: forms.ModelChoiceField, user, current_id: int | None) -> None:
    """Let `field` take any live picture `user` may use, and the one chosen already (whoever
    uploaded it, even if it is in the trash); its menu lists the newest MENU_PICTURES, read
    only when the menu is drawn (a save or a preview that draws no form reads none)."""
    usable = Image.objects.live().visible_to(user).exclude(status=Image.Status.FAILED)
    field.queryset = Image.objects.filter(Q(pk__in=usable.values("pk")) | Q(pk=current_id))

    def menu() -> list[tuple]:
        newest = list(usable[:MENU_PICTURES])
        if current_id and all(image.pk != current_id for image in newest):
            newest[:0] = Image.objects.filter(pk=current_id)
        return [("", "No featured image"), *((i.pk, _label(i)) for i in newest)]

    field.widget.choices = CallableChoiceIterator(menu)


def _label(image: Image) -> str:
    trashed = " (in the trash)" if image.deleted_at else ""
    return f"{image} · {image.width} × {image.height}, {image.created:%d %b %Y}{trashed}"
