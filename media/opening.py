"""Opening an upload with Pillow, the same way for the first look and for the task worker."""

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener(thumbnails=False)

# Pillow's openers for the kinds we take (its JPEG opener also opens an MPO).
OPENERS = ["JPEG", "PNG", "GIF", "WEBP", "AVIF", "HEIF"]


@contextmanager
def opened_picture(data: bytes) -> Iterator[Image.Image]:
    """Pillow's image of `data`, limited to OPENERS. A decompression bomb's warning is an
    error here, whatever the process's warning filters; a damaged EXIF block's is not worth
    one, since the metadata is thrown away."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        warnings.filterwarnings("ignore", category=UserWarning, module="PIL")
        with Image.open(io.BytesIO(data), formats=OPENERS) as image:
            yield image
