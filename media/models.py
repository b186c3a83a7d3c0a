"""Pictures the team uploaded, the files made from them, and the uploads waiting to be made.

An image is known by a random key (its address, `/media/<key>/`, is what a post's Markdown
links to) and its files by their content (`images/<key>/<digest>.<ext>`): a file's name
changes when its content does, so readers' browsers and a CDN may keep it for a year.
"""

import secrets
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, reverse

KEY_BYTES = 12  # 16 URL-safe characters


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def file_url(name: str) -> str:
    """The address of a stored file, `images/<key>/<digest>.<ext>` (media/serving.py)."""
    _, key, file_name = name.split("/")
    return f"{_files_root(get_script_prefix())}{key}/{file_name}"


@lru_cache(maxsize=8)
def _files_root(script_prefix: str) -> str:
    """Where the files' addresses start, up to the key: reversed once rather than for each of
    the dozens of files a page of pictures names. Keys and file names are ours and need no
    quoting in a URL (new_key, media/processing.py)."""
    sample_key, sample_name = "k" * 16, "0" * 16 + ".jpg"
    address = reverse("media_file", args=[sample_key, sample_name])
    return address.removesuffix(f"{sample_key}/{sample_name}")


class ImageQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImageQuerySet":
        """Editors and administrators see everyone's uploads; others their own."""
        if user.has_perm("blog.edit_any_post"):
            return self.all()
        return self.filter(uploader=user)

    def live(self) -> "ImageQuerySet":
        return self.filter(deleted_at__isnull=True)

    def trashed(self) -> "ImageQuerySet":
        return self.filter(deleted_at__isnull=False)


class Image(models.Model):
    class Status(models.TextChoices):
        PROCESSING = "processing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be read"

    key = models.CharField(max_length=22, unique=True, default=new_key, editable=False)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="images"
    )
    # Shown in the library and searched; never part of a path or an address.
    original_name = models.CharField(max_length=255, blank=True)
    alt = models.CharField("description (alt text)", max_length=1000, blank=True)
    # alt="" on purpose: the picture adds nothing a reader of the text would miss.
    decorative = models.BooleanField(default=False)
    kind = models.CharField(max_length=10)  # as uploaded: JPEG, PNG, GIF, WebP, AVIF, HEIC
    width = models.PositiveIntegerField()  # upright, as readers see it
    height = models.PositiveIntegerField()
    frames = models.PositiveIntegerField(default=1)
    uploaded_bytes = models.PositiveBigIntegerField()
    status = models.CharField(max_length=12, choices=Status, default=Status.PROCESSING)
    failure = models.CharField(max_length=300, blank=True)
    # The stored picture, made by us from the upload (media/encoding.py).
    file = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=30, blank=True)
    stored_bytes = models.PositiveBigIntegerField(default=0)
    # Where a crop for link previews centres, as fractions of the width and height.
    focal_x = models.FloatField(default=0.5)
    focal_y = models.FloatField(default=0.5)
    created = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["uploader", "-created"], name="image_uploader_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_within",
            ),
            models.CheckConstraint(
                condition=~models.Q(decorative=True) | models.Q(alt=""),
                name="image_decorative_has_no_alt",
            ),
        ]

    def __str__(self) -> str:
        return self.alt or self.original_name or self.key

    def get_absolute_url(self) -> str:
        return reverse("media_image", args=[self.key])

    @property
    def lacks_description(self) -> bool:
        return not self.alt and not self.decorative

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    def thumbnail_url(self) -> str:
        """The smallest WebP rendition (prefetched as `webp_renditions`), else the address."""
        renditions = getattr(self, "webp_renditions", None)
        if renditions:
            return file_url(min(renditions, key=lambda rendition: rendition.width).file)
        return self.get_absolute_url()

    def markdown(self) -> str:
        """What the editor inserts: the picture by its address, with its description."""
        alt = self.alt.replace("\\", "\\\\").replace("]", "\\]").replace("[", "\\[")
        return f"![{alt}]({self.get_absolute_url()})"


class Upload(models.Model):
    """The bytes as they were sent, kept only until the task worker has made the image's
    files from them (media/processing.py). Never served, never in the media storage: in the
    database, so that a task worker on another machine reads them too."""

    image = models.OneToOneField(Image, on_delete=models.CASCADE, related_name="upload")
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"Upload of image {self.image_id}"


class Rendition(models.Model):
    """One size of an image in one format, or its crop for link previews."""

    class Purpose(models.TextChoices):
        WIDTH = "width", "A width for screens"
        PREVIEW = "preview", "Link preview crop"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    purpose = models.CharField(max_length=10, choices=Purpose, default=Purpose.WIDTH)
    kind = models.CharField(max_length=10)  # Pillow's format name: AVIF, WEBP, JPEG, PNG
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.CharField(max_length=200)
    stored_bytes = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["image", "purpose", "kind", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "purpose", "kind", "width"], name="rendition_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.width} × {self.height} of image {self.image_id}"


def thumbnails() -> models.Prefetch:
    """The WebP renditions of images, which Image.thumbnail_url picks the smallest of."""
    webp = Rendition.objects.filter(purpose=Rendition.Purpose.WIDTH, kind="WEBP")
    return models.Prefetch("renditions", queryset=webp, to_attr="webp_renditions")
