"""Photos as a phone takes them, made up for the bench: the same bytes for the same size and
seed on every machine, and compressing as a photo does.

A flat or striped picture compresses to almost nothing and would make uploading and encoding
look cheap. These have what a photo's pixels have: large soft areas of colour (sky, a wall,
grass), detail at every scale with less strength the finer it is (the spectrum of natural
scenes), mostly in brightness, and the sensor's own grain. At 4032 × 3024 and the quality a
phone saves at, that is a JPEG of about 4 MB, as a 12-megapixel phone photo is.
"""

import io
from pathlib import Path

import numpy as np
from PIL import Image

PHONE_12MP = (4032, 3024)
PHONE_50MP = (8660, 5773)  # a 50-megapixel mode's photo, 4:3 less a few rows, as phones store
PHONE_QUALITY = 93  # what phone cameras save JPEGs at, near enough
# Detail at four scales (a cell of 1/256 of the width down to 1/4) and its strength in levels
# of brightness: coarser detail is stronger, as in a photo.
OCTAVES = ((256, 40.0), (64, 30.0), (16, 20.0), (4, 12.0))
GRAIN = 4.5  # the sensor's noise in brightness, in levels
COLOUR_GRAIN = 1.5  # and its much smaller noise in colour
SCENE_CELLS = (12, 9)  # the soft areas of colour: a 12 × 9 grid, smoothly blended
BAND_ROWS = 256  # rows made at once, so a 50-megapixel photo never sits in memory as floats
VERSION = 1  # in the file name: a photo made by other rules is made again, not reused


def phone_photo(width: int, height: int, seed: int = 0, quality: int = PHONE_QUALITY) -> bytes:
    """A photo-like JPEG of `width` × `height`, the same bytes for the same arguments."""
    rng = np.random.default_rng(seed)
    scene = _random_picture(rng, *SCENE_CELLS, "RGB")
    details = [
        (_random_picture(rng, max(2, width // cell), max(2, height // cell), "L"), strength)
        for cell, strength in OCTAVES
    ]
    photo = Image.new("RGB", (width, height))
    for top in range(0, height, BAND_ROWS):
        rows = min(BAND_ROWS, height - top)
        colour = _enlarged(scene, width, height, top, rows) * 0.7 + 38
        brightness = sum(
            (_enlarged(detail, width, height, top, rows) - 128) * (strength / 128)
            for detail, strength in details
        )
        brightness += rng.normal(0, GRAIN, (rows, width)).astype(np.float32)
        pixels = colour + brightness[..., None]
        pixels += rng.normal(0, COLOUR_GRAIN, (rows, width, 3)).astype(np.float32)
        band = np.clip(pixels, 0, 255).astype(np.uint8)
        photo.paste(Image.fromarray(band, "RGB"), (0, top))
    output = io.BytesIO()
    photo.save(output, "JPEG", quality=quality)
    return output.getvalue()


def _random_picture(rng: np.random.Generator, width: int, height: int, mode: str) -> Image.Image:
    shape = (height, width, 3) if mode == "RGB" else (height, width)
    return Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8), mode)


def _enlarged(small: Image.Image, width: int, height: int, top: int, rows: int) -> np.ndarray:
    """Rows `top` to `top + rows` of `small` enlarged to `width` × `height`, smoothly: each band
    is cut from the same enlargement, so no seam shows between bands."""
    scale = small.height / height
    box = (0, top * scale, small.width, (top + rows) * scale)
    band = small.resize((width, rows), Image.Resampling.BICUBIC, box=box)
    return np.asarray(band, dtype=np.float32)


def phone_photo_file(folder: Path, size: tuple[int, int], seed: int = 0) -> Path:
    """The photo of `size` and `seed` as a file in `folder`, made once and kept there."""
    width, height = size
    path = folder / f"phone-{width}x{height}-seed{seed}-v{VERSION}.jpg"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(phone_photo(width, height, seed))
        partial.replace(path)  # never half a photo under the name, if it is stopped
    return path


def size_of(text: str) -> tuple[int, int]:
    """ "4032x3024" as (4032, 3024)."""
    width, _, height = text.lower().partition("x")
    size = int(width), int(height)
    if min(size) < 1:
        raise ValueError(f"not a size: {text!r}")
    return size
