"""Pictures made by us: every file the site keeps and serves is encoded here from decoded
pixels, never the bytes that were sent.

Turned upright by its EXIF orientation first, converted to sRGB from the colour profile it
came with (so colours look the same in every browser, and no profile is needed after), then
written with nothing but pixels: no EXIF (so no GPS position), no XMP, no comments, no
profile, no thumbnails.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, ImageSequence

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# What each kind is stored as: browsers do not show HEIC, and an MPO is a JPEG with more
# pictures (a depth or gain map) after the one readers see.
STORED_KIND = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "HEIF": "JPEG",
    "PNG": "PNG",
    "GIF": "GIF",
    "WEBP": "WEBP",
    "AVIF": "AVIF",
}
EXTENSION = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
CONTENT_TYPE = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
}
ANIMATED_KINDS = {"GIF", "WEBP", "AVIF"}
# Quality per kind, at which a photo looks as it did (the stored picture) or as it should
# on a screen (renditions).
QUALITY = {"JPEG": 88, "WEBP": 82, "AVIF": 60}


@dataclass(frozen=True)
class Encoded:
    data: bytes
    kind: str  # Pillow's format name
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSION[self.kind]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPE[self.kind]


def upright_srgb(image: Image.Image) -> Image.Image:
    """The frame of `image` now loaded, upright, in sRGB, as RGB or RGBA (L for greyscale),
    with no metadata left in it."""
    profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    image = _in_srgb(image, profile)
    clean = image.copy()
    clean.info = {}
    return clean


def _in_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    target = "RGBA" if has_alpha else ("L" if image.mode in ("1", "L", "I;16", "I") else "RGB")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(
                image,
                source,
                SRGB,
                outputMode="RGBA" if target == "RGBA" else ("L" if target == "L" else "RGB"),
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the colours as the numbers say
    if target == "L" and image.mode == "I;16":
        image = image.point(lambda value: value / 256)  # 16-bit grey to 8-bit
    return image.convert(target)


def frames(image: Image.Image) -> Iterator[tuple[Image.Image, int]]:
    """Each frame of `image`, made clean by upright_srgb, with how long it shows (ms)."""
    for frame in ImageSequence.Iterator(image):
        duration = int(frame.info.get("duration", 100) or 100)
        yield upright_srgb(frame.convert("RGBA") if image.mode == "P" else frame), duration


def encode(pictures: list[Image.Image], durations: list[int], kind: str, loop: int = 0) -> Encoded:
    """`pictures` (one, or an animation's frames) written as `kind` with nothing but pixels."""
    first = pictures[0]
    if kind == "JPEG" and first.mode == "RGBA":
        first = first.convert("RGB")
    options: dict = {"format": kind}
    if kind in QUALITY:
        options["quality"] = QUALITY[kind]
    if kind == "JPEG":
        options.update(optimize=True, progressive=True)
    if kind == "PNG":
        options["optimize"] = True
    if kind == "WEBP":
        options["method"] = 4
    if kind == "AVIF":
        options["speed"] = 7  # of 0 (slowest, smallest) to 10: a second or so for a photo
    if len(pictures) > 1 and kind in ANIMATED_KINDS:
        options.update(save_all=True, append_images=pictures[1:], duration=durations, loop=loop)
    output = io.BytesIO()
    first.save(output, **options)
    return Encoded(output.getvalue(), kind, first.width, first.height)
