"""The first look at an upload: its kind by decoding, its limits, its structure. Each way a
file can be wrong gets a 400 that says what is wrong (media/inspection.py)."""

import io

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from media.inspection import Refused, inspect

from .pictures import animated_gif, bomb_png, heic, photo, png, zip_archive


@pytest.mark.parametrize(
    ("data", "kind", "size"),
    [
        (photo(640, 480), "JPEG", (640, 480)),
        (png(64, 48), "PNG", (64, 48)),
        (photo(320, 200, "WEBP"), "WebP", (320, 200)),
        (photo(320, 200, "AVIF"), "AVIF", (320, 200)),
        (heic(320, 240), "HEIC", (320, 240)),
        (animated_gif(3, (40, 30)), "GIF", (40, 30)),
    ],
    ids=["jpeg", "png", "webp", "avif", "heic", "gif"],
)
def test_each_kind_we_take_is_known_by_decoding(data, kind, size):
    inspected = inspect(data)

    assert (inspected.kind_name, (inspected.width, inspected.height)) == (kind, size)


def test_an_animation_is_counted_in_frames():
    assert inspect(animated_gif(5)).frames == 5


def test_a_photo_taken_sideways_is_measured_upright():
    # Orientation 6: stored 640 wide, shown turned a quarter, 480 wide.
    inspected = inspect(photo(640, 480, orientation=6))

    assert (inspected.width, inspected.height) == (480, 640)


def refusal(data: bytes) -> Refused:
    with pytest.raises(Refused) as refused:
        inspect(data)
    return refused.value


def test_an_empty_file_is_refused():
    assert refusal(b"").message == "The file is empty."


def test_a_text_file_named_like_a_photo_is_refused():
    assert "not a picture we take" in refusal(b"hello, I am not a JPEG\n" * 10).message


def test_a_pdf_is_refused_as_a_pdf():
    assert (
        "This is a PDF" in refusal(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n").message
    )


def test_an_svg_with_a_script_is_refused_with_the_reason():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'

    message = refusal(svg).message

    assert "SVG drawings are not taken" in message
    assert "scripts" in message


def test_an_svg_behind_an_xml_declaration_is_refused_too():
    svg = b'<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"/>'

    assert "SVG drawings are not taken" in refusal(svg).message


@pytest.mark.parametrize(
    "data",
    [photo(), png(), photo(kind="WEBP"), animated_gif(), heic(), photo(kind="AVIF")],
    ids=["jpeg", "png", "webp", "gif", "heic", "avif"],
)
def test_a_picture_cut_short_is_refused(data):
    assert "cut off" in refusal(data[: len(data) * 2 // 3]).message


@pytest.mark.parametrize(
    "appended",
    [b"<html><script>alert(document.cookie)</script></html>", zip_archive()],
    ids=["html", "zip"],
)
@pytest.mark.parametrize(
    "data",
    [photo(), png(), photo(kind="WEBP"), animated_gif(), heic()],
    ids=["jpeg", "png", "webp", "gif", "heic"],
)
def test_a_picture_with_something_appended_is_refused(data, appended):
    message = refusal(data + appended).message

    assert "Something else is attached after the picture" in message
    assert f"({len(appended):,} bytes)" in message


def test_a_jpeg_padded_with_zeros_as_some_cameras_write_is_taken():
    assert inspect(photo() + b"\x00" * 64).kind_name == "JPEG"


def test_a_small_file_claiming_an_enormous_picture_is_refused_before_decoding():
    data = bomb_png(30_000, 30_000)
    assert len(data) < 60_000

    message = refusal(data).message

    assert "(900 megapixels)" in message
    assert "the most we take is 80 megapixels" in message


def test_the_pixel_limit_is_a_setting(settings):
    settings.TGDB_UPLOAD_MAX_MEGAPIXELS = 1

    assert "the most we take is 1 megapixels" in refusal(photo(1200, 1000)).message
    assert inspect(photo(1000, 1000)).width == 1000


def test_an_animation_with_too_many_frames_is_refused(settings):
    settings.TGDB_UPLOAD_MAX_FRAMES = 4

    assert "The animation has 5 frames: the most we take is 4." in refusal(animated_gif(5)).message


def mangled(data: bytes):
    """A picture's bytes with some flipped, some cut, some repeated."""
    return st.builds(
        _mangle,
        st.just(data),
        st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), max_size=8),
        st.integers(1, len(data)),
    )


def _mangle(data: bytes, flips: list[tuple[int, int]], keep: int) -> bytes:
    changed = bytearray(data)
    for position, value in flips:
        changed[position] = value
    return bytes(changed[:keep])


SEEDS = [photo(96, 64, gps=True), png(32, 24), animated_gif(2), photo(64, 48, "WEBP")]


@hypothesis_settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(SEEDS))).flatmap(lambda index: mangled(SEEDS[index])))
def test_a_mangled_picture_is_taken_or_refused_with_a_message_never_anything_else(data):
    try:
        inspected = inspect(data)
    except Refused as refused:
        assert refused.status == 400
        assert refused.message
        return
    # Taken: then Pillow can read what it was told is there.
    assert inspected.width > 0 and inspected.height > 0
    with Image.open(io.BytesIO(data)) as image:
        assert image.size in (
            (inspected.width, inspected.height),
            (inspected.height, inspected.width),
        )
