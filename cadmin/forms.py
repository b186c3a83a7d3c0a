from django import forms

from blog.models import Post
from media.forms import ACCEPTED_TYPES, ALT_HELP, PicturesField, picture_choice
from team import roles
from tgdb.forms import DateTimeComparedAsShownField, Jinja2RenderedForm, KeepsUnchangedValues

CANNOT_PUBLISH = (
    "Only authors and editors can publish or schedule a post: submit it for review instead."
)


FIELD_ORDER = [
    # Each picture's description first: choosing a file uploads it at once (with JavaScript).
    "title", "body", "pictures_alt", "pictures", "featured_image", "featured_alt",
    "featured_upload",
]  # fmt: skip


class PostForm(Jinja2RenderedForm, KeepsUnchangedValues, forms.ModelForm):
    """A post's fields, as far as the editor's role reaches (team/roles.py); editing one also
    carries the version it was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Uploaded into the media library as the post is saved (cadmin/post_pictures.py).
    pictures = PicturesField(
        label="Add pictures to the text",
        help_text="JPEG, PNG, GIF, WebP, AVIF or HEIC: put where the cursor was, or at the end.",
    )
    pictures_alt = forms.CharField(
        label="What the pictures show (alt text)",
        max_length=1000,
        required=False,
        help_text=ALT_HELP,
    )
    featured_upload = forms.FileField(
        label="Or upload a new featured image",
        help_text="It becomes the featured image.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )
    featured_alt = forms.CharField(
        label="What the featured image shows (alt text)", max_length=1000, required=False
    )
    # "Publish at" shows minutes: a post published at 12:03:41.5 keeps that time when saved
    # with the field as it showed it, 12:03.
    keep_unchanged = ("published_at",)

    class Meta:
        model = Post
        fields = [
            "title",
            "body",
            "custom_excerpt",
            "featured_image",
            "category",
            "tags",
            "status",
            "published_at",
        ]
        field_classes = {"published_at": DateTimeComparedAsShownField}
        labels = {"featured_image": "Featured image"}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "custom_excerpt": forms.Textarea(attrs={"rows": 2}),
            "tags": forms.CheckboxSelectMultiple,
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]  # a new post has no earlier version to overwrite
        picture_choice(self.fields["featured_image"], user, self.instance.featured_image_id)
        self.order_fields(FIELD_ORDER)
        self.may_publish = roles.may_publish(user)
        status = self.fields["status"]
        if self.may_publish:
            # Review is a contributor's step; an editor sees it on a post that is waiting.
            if not self.instance.in_review:
                status.choices = [c for c in status.choices if c[0] != Post.Status.REVIEW]
        else:
            # Only what may be chosen is offered; "published" is still understood, so that
            # sending it gets its own message (clean_status) rather than "not a choice".
            status.widget.choices = [
                (Post.Status.DRAFT, "Draft"),
                (Post.Status.REVIEW, "Submit for review"),
            ]
            del self.fields["published_at"]  # scheduling is publishing

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if status == Post.Status.PUBLISHED and not self.may_publish:
            raise forms.ValidationError(CANNOT_PUBLISH)
        return status
