"""Pictures made for the tests, as cameras and phones make them."""

import io
import struct
import zipfile
import zlib

import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener(thumbnails=False)

GPS_IFD = 0x8825
ORIENTATION = 0x0112
# GPS as a phone writes it: 48° 51' 29.6" N, 2° 17' 40.2" E.
GPS = {1: "N", 2: (48.0, 51.0, 29.6), 3: "E", 4: (2.0, 17.0, 40.2)}


def photo(
    width: int = 640,
    height: int = 480,
    kind: str = "JPEG",
    *,
    orientation: int | None = None,
    gps: bool = True,
    colour: tuple = (200, 60, 30),
    profile: bytes | None = None,
    **options,
) -> bytes:
    """A picture with a red left half and a blue right half (so that turning it shows),
    with the EXIF a phone writes: its GPS position, and an orientation if given."""
    image = Image.new("RGB", (width, height), colour)
    image.paste((30, 60, 200), (width // 2, 0, width, height))
    exif = Image.Exif()
    if gps:
        exif[GPS_IFD] = GPS
    if orientation:
        exif[ORIENTATION] = orientation
    output = io.BytesIO()
    saved = {"exif": exif.tobytes(), **options}
    if profile:
        saved["icc_profile"] = profile
    image.save(output, kind, **saved)
    return output.getvalue()


def png(width: int = 64, height: int = 48, mode: str = "RGBA") -> bytes:
    image = Image.new(
        mode, (width, height), (10, 200, 10, 128) if mode == "RGBA" else (10, 200, 10)
    )
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def animated_gif(frames: int = 3, size: tuple[int, int] = (40, 30)) -> bytes:
    pictures = [Image.new("RGB", size, (index * 50 % 256, 100, 200)) for index in range(frames)]
    output = io.BytesIO()
    pictures[0].save(output, "GIF", save_all=True, append_images=pictures[1:], duration=80, loop=0)
    return output.getvalue()


def heic(width: int = 320, height: int = 240) -> bytes:
    return photo(width, height, "HEIF", gps=True)


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A small PNG whose header claims an enormous picture (its data is a few short lines)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 50_000))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def zip_archive() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return output.getvalue()


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())
