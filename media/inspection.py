"""What an upload is, decided by decoding it, and whether we take it: the first look, made in
the request before anything is kept.

The kind comes from Pillow reading the file, never from its name or the browser's word. The
size in pixels and the number of frames are read from the header and judged before a single
pixel is decoded, so a small file that claims 30,000 × 30,000 pixels costs nothing. The
structure is walked to its end (media/structure.py): a file cut short, or with something
appended, is refused here. No pixel is decoded in the request: decoding, and everything after,
happens in the task worker (media/processing.py), which marks a picture whose data it cannot
read. Decoding even a JPEG's compressed data at an eighth of its size took a 12-megapixel
photo's upload from about 40 to 75 ms, and libjpeg reads past most damage with a warning
rather than an error (11 of 200 photos with bytes flipped in their scans raised), so it told
the author little the structure walk had not.
"""

import re
import struct
from dataclasses import dataclass

from django.conf import settings
from PIL import ExifTags, Image, UnidentifiedImageError

from .opening import opened_picture
from .structure import Cut, picture_end

# Pillow's format names, as we name them to authors.
ACCEPTED = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "GIF": "GIF",
    "WEBP": "WebP",
    "AVIF": "AVIF",
    "HEIF": "HEIC",
}
ACCEPTED_NAMES = "JPEG, PNG, GIF, WebP, AVIF or HEIC"
# What Pillow raises for data it cannot make sense of, past the header.
DAMAGED = (OSError, ValueError, SyntaxError, IndexError, EOFError, struct.error)
DAMAGED_MESSAGE = "The picture's data is damaged and cannot be read."
CUT_OFF = (
    "The picture is cut off: the file ends before the picture does. Upload the whole file again."
)
# How each kind's file begins, to tell a file cut short from one that is no picture at all.
SIGNATURES = [
    (re.compile(rb"\xff\xd8\xff"), "JPEG"),
    (re.compile(rb"\x89PNG\r\n\x1a\n"), "PNG"),
    (re.compile(rb"GIF8[79]a"), "GIF"),
    (re.compile(rb"RIFF....WEBP", re.S), "WEBP"),
    (re.compile(rb"....ftyp(avif|avis)", re.S), "AVIF"),
    (re.compile(rb"....ftyp(heic|heix|heim|heis|hevc|hevx|mif1|msf1)", re.S), "HEIF"),
]
# How Pillow names the size of a decompression bomb it refused.
PILLOWS_PIXELS = re.compile(r"Image size \((\d+) pixels\)")
# EXIF orientations that turn the picture a quarter: its width is the stored height.
QUARTER_TURNS = {5, 6, 7, 8}


class Refused(Exception):
    """The upload is not taken; `message` says why, for the author."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Inspected:
    kind: str  # Pillow's format name
    width: int  # as readers will see it, turned upright
    height: int
    frames: int

    @property
    def kind_name(self) -> str:
        return ACCEPTED[self.kind]


def inspect(data: bytes) -> Inspected:
    """The picture in `data`, or Refused with what is wrong with it."""
    if not data:
        raise Refused("The file is empty.")
    _refuse_known_non_pictures(data)
    try:
        with opened_picture(data) as image:
            return _inspected(image, data)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        claimed = PILLOWS_PIXELS.search(str(error))
        raise Refused(_too_many_pixels_message(int(claimed[1]) if claimed else 0)) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        # Pillow could not open it (the checks below turn their own errors into Refused).
        if _is_cut_short(data):
            raise Refused(CUT_OFF) from error
        raise Refused(f"This file is not a picture we take: {ACCEPTED_NAMES}.") from error


def _inspected(image: Image.Image, data: bytes) -> Inspected:
    kind = image.format
    width, height = image.size
    _check_pixels(width, height)
    try:
        frames = getattr(image, "n_frames", 1)
        _check_frames(width, height, frames)
        _check_structure(data, kind)
        turned = _is_turned(image)
    except DAMAGED as error:
        raise Refused(DAMAGED_MESSAGE) from error
    if turned:
        width, height = height, width
    return Inspected(kind, width, height, frames)


def _refuse_known_non_pictures(data: bytes) -> None:
    start = data[:1024].lstrip().lower()
    if start.startswith(b"%pdf"):
        raise Refused("This is a PDF, not a picture. Save the page as PNG or JPEG and upload that.")
    if b"<svg" in start or (start.startswith(b"<?xml") and b"svg" in start):
        raise Refused(
            "SVG drawings are not taken: an SVG can carry scripts that would run in readers' "
            "browsers. Export it as PNG and upload that."
        )


def _check_pixels(width: int, height: int) -> None:
    if width * height > settings.TGDB_UPLOAD_MAX_MEGAPIXELS * 1_000_000:
        raise Refused(_too_many_pixels_message(width * height, f"{width:,} × {height:,} pixels, "))


def _too_many_pixels_message(pixels: int, size: str = "") -> str:
    limit = settings.TGDB_UPLOAD_MAX_MEGAPIXELS
    claimed = f" ({size}{pixels / 1_000_000:,.0f} megapixels)" if pixels else ""
    return f"The picture is too large{claimed}: the most we take is {limit} megapixels."


def _is_cut_short(data: bytes) -> bool:
    """Whether a file Pillow could not open starts as one of our kinds and stops too soon."""
    kind = next((kind for signature, kind in SIGNATURES if signature.match(data)), None)
    if kind is None:
        return False
    try:
        picture_end(data, kind)
    except Cut:
        return True
    return False


def _check_frames(width: int, height: int, frames: int) -> None:
    limit = settings.TGDB_UPLOAD_MAX_FRAMES
    if frames > limit:
        raise Refused(f"The animation has {frames:,} frames: the most we take is {limit:,}.")
    budget = 4 * settings.TGDB_UPLOAD_MAX_MEGAPIXELS * 1_000_000
    if width * height * frames > budget:
        raise Refused(
            f"The animation is too large ({frames:,} frames of {width:,} × {height:,} pixels): "
            "make it smaller or shorter."
        )


def _check_structure(data: bytes, kind: str) -> None:
    try:
        end = picture_end(data, kind)
    except Cut:
        raise Refused(CUT_OFF) from None
    if end < len(data):
        raise Refused(
            f"Something else is attached after the picture ({len(data) - end:,} bytes), and we "
            "take pictures only. Save the picture on its own (for a motion photo, as a still) "
            "and upload that."
        )


def _is_turned(image: Image.Image) -> bool:
    """Whether EXIF says the picture is shown turned a quarter. A PNG's EXIF may come after
    its pixels, which Pillow would decode to reach it: a PNG is measured as it is stored, and
    the task worker, which decodes it anyway, measures it again."""
    if image.format == "PNG":
        return False
    return image.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS
