"""The task worker's part: the stored picture and its renditions, made from an upload.

Run as a task (django-tasks), not in the request: decoding a phone photo whole and encoding
it a dozen times takes a second or more of a core. A JPEG is decoded at the smallest scale
that still covers the largest file we make (Pillow's `draft`), which keeps a 50-megapixel
photo's decoding to a quarter of its memory.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.dispatch import Signal
from django_tasks import task
from PIL import Image as Pillow
from PIL import ImageOps

from . import encoding
from .models import Image, Rendition, Upload
from .opening import opened_picture

# The longest side of the stored picture: more than the widest rendition, and small enough
# that a JPEG of 8,000 pixels or more is decoded at half its size or less.
MAX_STORED_SIDE = 4000
WIDTHS = (480, 960, 1600, 2400)
PREVIEW_SIZE = (1200, 630)
# Sent when an image's files are made, so that posts showing it are drawn again with them.
image_ready = Signal()


@task()
def prepare_image(image_id: int) -> None:
    """Make the stored picture and the renditions of an uploaded image; forget the upload."""
    upload = Upload.objects.select_related("image").filter(image_id=image_id).first()
    if upload is None:
        return  # made already, or the image is gone
    image = upload.image
    try:
        made = make_files(bytes(upload.data), image)
    except (
        OSError,
        ValueError,
        SyntaxError,
        MemoryError,
        Pillow.DecompressionBombError,
        Pillow.DecompressionBombWarning,
    ):
        Image.objects.filter(pk=image.pk).update(
            status=Image.Status.FAILED,
            failure="The picture could not be read to the end: its data is damaged.",
        )
        upload.delete()
        return
    with transaction.atomic():
        image.renditions.all().delete()
        Rendition.objects.bulk_create(made.renditions)
        Image.objects.filter(pk=image.pk).update(
            status=Image.Status.READY,
            file=made.stored_name,
            content_type=made.stored.content_type,
            stored_bytes=len(made.stored.data),
            width=made.stored.width,
            height=made.stored.height,
            failure="",
        )
        upload.delete()
    image_ready.send(sender=Image, image_id=image.pk)


@task()
def crop_preview_again(image_id: int) -> None:
    """The link-preview crop of a ready image, around its focal point as it is now."""
    image = Image.objects.filter(pk=image_id, status=Image.Status.READY).first()
    if image is None:
        return
    with default_storage.open(image.file) as stored, Pillow.open(stored) as picture:
        picture.load()
        preview = _preview(picture, image)
    with transaction.atomic():
        image.renditions.filter(purpose=Rendition.Purpose.PREVIEW).delete()
        preview.save()


class Made:
    def __init__(self, stored: encoding.Encoded, stored_name: str) -> None:
        self.stored = stored
        self.stored_name = stored_name
        self.renditions: list[Rendition] = []


def make_files(data: bytes, image: Image) -> Made:
    with opened_picture(data) as opened:
        kind = encoding.STORED_KIND[opened.format]
        if image.frames > 1 and kind in encoding.ANIMATED_KINDS:
            return _animation(opened, kind, image)
        picture = _decoded_upright(opened)
    stored = _picture(picture, kind)
    made = Made(stored, save_file(image.key, stored))
    for rendition in renditions(picture, image):
        made.renditions.append(rendition)
    return made


def _decoded_upright(opened: Pillow.Image) -> Pillow.Image:
    if opened.format in ("JPEG", "MPO"):
        opened.draft("RGB", _scaled_within(opened.size, MAX_STORED_SIDE))
    opened.load()
    picture = encoding.upright_srgb(opened)
    if max(picture.size) > MAX_STORED_SIDE:
        picture.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Pillow.Resampling.LANCZOS)
    return picture


def _scaled_within(size: tuple[int, int], side: int) -> tuple[int, int]:
    scale = min(1.0, side / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _picture(picture: Pillow.Image, kind: str) -> encoding.Encoded:
    if kind == "JPEG" and picture.mode == "RGBA":
        kind = "PNG"  # a HEIC with transparency keeps it
    return encoding.encode([picture], [0], kind)


def _animation(opened: Pillow.Image, kind: str, image: Image) -> Made:
    frames, durations = zip(*encoding.frames(opened), strict=True)
    stored = encoding.encode(list(frames), list(durations), kind, loop=opened.info.get("loop", 0))
    made = Made(stored, save_file(image.key, stored))
    made.renditions.append(_preview(frames[0], image))
    return made


def renditions(picture: Pillow.Image, image: Image) -> list[Rendition]:
    """The widths readers' screens need, each as AVIF, WebP and a JPEG (PNG where the
    picture has transparency) fallback, and the link-preview crop."""
    fallback = "PNG" if picture.mode == "RGBA" else "JPEG"
    made = []
    # Never wider than the picture: a narrower one offers its own width instead.
    widths = sorted({min(width, picture.width) for width in WIDTHS})
    for width in widths:
        sized = picture
        if width < picture.width:
            height = max(1, round(picture.height * width / picture.width))
            sized = picture.resize((width, height), Pillow.Resampling.LANCZOS, reducing_gap=3.0)
        for kind in ("AVIF", "WEBP", fallback):
            made.append(_rendition(image, sized, kind, Rendition.Purpose.WIDTH))
    made.append(_preview(picture, image))
    return made


def _preview(picture: Pillow.Image, image: Image) -> Rendition:
    crop = ImageOps.fit(
        picture.convert("RGB"),
        PREVIEW_SIZE,
        Pillow.Resampling.LANCZOS,
        centering=(image.focal_x, image.focal_y),
    )
    return _rendition(image, crop, "JPEG", Rendition.Purpose.PREVIEW)


def _rendition(image: Image, picture: Pillow.Image, kind: str, purpose: str) -> Rendition:
    encoded = encoding.encode([picture], [0], kind)
    return Rendition(
        image=image,
        purpose=purpose,
        kind=kind,
        width=encoded.width,
        height=encoded.height,
        file=save_file(image.key, encoded),
        stored_bytes=len(encoded.data),
    )


def save_file(key: str, encoded: encoding.Encoded) -> str:
    """Store `encoded` under its content's name; the same content is stored once. Sixteen hex
    digits (64 bits) tell an image's few files apart and keep each `srcset` short."""
    digest = hashlib.sha256(encoded.data).hexdigest()[:16]
    name = f"images/{key}/{digest}.{encoded.extension}"
    if default_storage.exists(name):
        return name
    # Two workers making the same file at once write the same bytes under the same name
    # (the storage overwrites: tgdb/settings.py).
    return default_storage.save(name, ContentFile(encoded.data))
