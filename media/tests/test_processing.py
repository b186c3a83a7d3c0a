"""What the task worker makes of an upload: a picture of our own, upright, in sRGB, without
a trace of the phone's metadata, and its renditions (media/processing.py)."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image as Pillow

from media.models import Image, Rendition, Upload

from .conftest import stored_files
from .conftest import uploaded as uploaded_as
from .pictures import animated_gif, heic, photo, png


def uploaded(user, data: bytes, name: str = "IMG_2024_Paris_home.jpg") -> Image:
    return uploaded_as(user, data, name)


def opened(name: str) -> Pillow.Image:
    with default_storage.open(name) as file:
        image = Pillow.open(io.BytesIO(file.read()))
        image.load()
        return image


def test_the_stored_picture_is_made_by_us_without_the_phones_metadata(author):
    sent = photo(800, 600, gps=True)

    image = uploaded(author, sent)

    assert image.status == Image.Status.READY
    stored = opened(image.file)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "icc_profile" not in stored.info
    assert "exif" not in stored.info and "xmp" not in stored.info and "comment" not in stored.info
    with default_storage.open(image.file) as file:
        assert file.read() != sent
    assert not Upload.objects.exists()  # the bytes as sent are forgotten


def test_no_file_the_site_keeps_holds_the_gps_position(author, media_storage):
    uploaded(author, photo(2000, 1500, gps=True))

    for path in stored_files(media_storage):
        data = path.read_bytes()
        assert b"GPS" not in data and b"Exif" not in data, path.name
        with Pillow.open(path) as image:
            assert 0x8825 not in image.getexif(), path.name


def test_a_photo_taken_sideways_is_stored_upright(author):
    image = uploaded(author, photo(640, 480, orientation=6))

    stored = opened(image.file)
    assert stored.size == (480, 640)
    # Turned a quarter clockwise: the red left half is now on top.
    assert stored.getpixel((240, 10))[0] > 150 and stored.getpixel((240, 630))[2] > 150


def test_the_file_name_sent_never_reaches_a_path_or_an_address(author, media_storage):
    image = uploaded(author, photo())

    names = [str(path) for path in stored_files(media_storage)]
    assert names and not any("IMG_2024" in name or "Paris" in name for name in names)
    assert image.original_name == "IMG_2024_Paris_home.jpg"  # shown in the library only
    assert image.file.startswith(f"images/{image.key}/")


def test_renditions_cover_each_width_up_to_the_pictures_own_in_three_formats(author):
    image = uploaded(author, photo(2000, 1000))

    widths = Rendition.objects.filter(image=image, purpose="width")
    assert sorted({(r.kind, r.width) for r in widths}) == sorted(
        (kind, width) for kind in ("AVIF", "WEBP", "JPEG") for width in (480, 960, 1600, 2000)
    )
    for rendition in widths:
        made = opened(rendition.file)
        assert made.format == rendition.kind
        assert made.size == (rendition.width, rendition.width // 2)


def test_a_transparent_picture_falls_back_to_png(author):
    image = uploaded(author, png(600, 400), "logo.png")

    kinds = set(image.renditions.filter(purpose="width").values_list("kind", flat=True))
    assert kinds == {"AVIF", "WEBP", "PNG"}
    assert opened(image.file).mode == "RGBA"


def test_the_link_preview_crop_is_1200_by_630(author):
    image = uploaded(author, photo(3000, 2000))

    preview = image.renditions.get(purpose="preview")
    assert (preview.width, preview.height, preview.kind) == (1200, 630, "JPEG")


def test_an_animation_stays_animated(author):
    image = uploaded(author, animated_gif(4), "dance.gif")

    stored = opened(image.file)
    assert stored.format == "GIF"
    assert stored.n_frames == 4


def test_a_phone_heic_is_stored_as_a_jpeg_browsers_show(author):
    image = uploaded(author, heic(320, 240), "IMG_0042.HEIC")

    assert image.kind == "HEIC"
    assert opened(image.file).format == "JPEG"
    assert image.content_type == "image/jpeg"


def test_a_huge_photo_is_stored_at_most_4000_pixels_wide(author):
    image = uploaded(author, photo(8400, 4200, gps=False, quality=50))

    assert (image.width, image.height) == (4000, 2000)
    assert opened(image.file).size == (4000, 2000)


def test_the_same_picture_twice_is_stored_once_per_image(author, media_storage):
    first = uploaded(author, photo())
    second = uploaded(author, photo())

    assert first.key != second.key
    assert first.file.split("/")[-1] == second.file.split("/")[-1]  # same content, same name


def test_a_picture_that_cannot_be_read_to_its_end_is_marked_and_forgotten(author):
    data = bytearray(png(300, 300, mode="RGB"))
    # Damage the compressed pixels but keep the structure: the first look cannot tell.
    start = data.index(b"IDAT") + 20
    data[start : start + 30] = b"\xff" * 30

    image = uploaded(author, bytes(data), "x.png")

    assert image.status == Image.Status.FAILED
    assert "damaged" in image.failure
    assert not Upload.objects.exists()


def test_a_jpeg_whose_data_cannot_be_decoded_is_taken_and_then_marked_by_the_worker(author):
    data = bytearray(photo(640, 480, gps=False))
    # Its scan names Huffman tables it never defines: whole in structure, unreadable in data.
    scan = data.index(b"\xff\xda")
    for component in range(data[scan + 4]):
        data[scan + 6 + 2 * component] = 0x33

    image = uploaded(author, bytes(data))  # the first look decodes no pixel: it is taken

    assert image.status == Image.Status.FAILED
    assert "damaged" in image.failure
    assert not Upload.objects.exists()


@pytest.mark.parametrize("kind", ["WEBP", "AVIF", "PNG"])
def test_other_kinds_are_stored_as_their_own_kind(author, kind):
    image = uploaded(author, photo(320, 240, kind, gps=False), f"x.{kind.lower()}")

    assert opened(image.file).format == kind


def test_a_new_focal_point_crops_the_link_preview_around_it(
    author, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.clients import signed_in

    # Red on the left half, blue on the right: a wide picture leaves the crop room across.
    image = uploaded(author, photo(4000, 1000, gps=False))

    def preview_centre_of(focal_x: str) -> tuple:
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in(author).post(
                reverse("media_edit", args=[image.pk]),
                {"alt": "A flag", "focal_x": focal_x, "focal_y": "0.5"},
            )
        assert response.status_code == 302
        preview = image.renditions.get(purpose="preview")
        return opened(preview.file).getpixel((600, 315))

    assert preview_centre_of("0")[0] > 150  # red: the left edge
    assert preview_centre_of("1")[2] > 150  # blue: the right edge


def test_a_file_two_workers_make_at_once_keeps_its_content_name(db):
    from django.core.files.base import ContentFile

    name = "images/AAAAAAAAAAAAAAAA/0123456789abcdef0123456789abcdef.jpg"
    first = default_storage.save(name, ContentFile(b"same bytes"))
    # The second worker looked before the first had written it, and writes it too.
    second = default_storage.save(name, ContentFile(b"same bytes"))

    assert first == second == name
