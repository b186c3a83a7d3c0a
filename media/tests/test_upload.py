"""Uploading from the library or the editor (`media_upload`): JSON when asked for, the
library otherwise, and every refusal a 4xx with a message and nothing kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from media.models import Image, Upload
from tests.clients import signed_in
from tests.factories import UserFactory

from .conftest import stored_files
from .pictures import bomb_png, photo, png, zip_archive

UPLOAD = reverse("media_upload")
JSON = {"HTTP_ACCEPT": "application/json"}


def picture_file(data: bytes, name: str = "IMG_0001.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def upload(client, data: bytes, *, alt="A red and blue flag", as_json=True, **fields):
    form = {"file": picture_file(data, **fields), "alt": alt}
    return client.post(UPLOAD, form, **(JSON if as_json else {}))


@pytest.fixture
def client(author):
    return signed_in(author)


def test_an_upload_answers_json_with_what_the_editor_inserts(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, photo(640, 480))

    assert response.status_code == 201
    (answer,) = response.json()["images"]
    image = Image.objects.get()
    assert answer == {
        "id": image.pk,
        "url": f"/media/{image.key}/",
        "width": 640,
        "height": 480,
        "alt": "A red and blue flag",
        "decorative": False,
        "markdown": f"![A red and blue flag](/media/{image.key}/)",
        "status": "processing",
        "edit_url": f"/cadmin/media/{image.pk}/",
    }


def test_an_upload_from_the_library_form_goes_back_to_the_library(client):
    response = upload(client, photo(), as_json=False)

    assert response.status_code == 302
    assert response["Location"] == "/cadmin/media/"
    assert Image.objects.get().alt == "A red and blue flag"


def test_several_pictures_are_uploaded_at_once(client):
    files = [picture_file(photo(), "a.jpg"), picture_file(png(), "b.png", "image/png")]

    response = client.post(UPLOAD, {"file": files, "alt": ""}, **JSON)

    assert response.status_code == 201
    assert [image["width"] for image in response.json()["images"]] == [640, 64]
    assert sorted(Image.objects.values_list("kind", flat=True)) == ["JPEG", "PNG"]


def test_a_decorative_picture_keeps_an_empty_description_on_purpose(client):
    response = client.post(
        UPLOAD, {"file": picture_file(photo()), "alt": "ignored", "decorative": "on"}, **JSON
    )

    (answer,) = response.json()["images"]
    assert (answer["alt"], answer["decorative"]) == ("", True)
    assert answer["markdown"].startswith("![](")


def test_the_kind_comes_from_the_picture_not_its_name_or_type(client):
    response = upload(client, png(), name="holiday.jpg", content_type="image/jpeg")

    assert response.status_code == 201
    assert Image.objects.get().kind == "PNG"


def assert_refused(response, status: int, words: str, media_storage) -> None:
    assert response.status_code == status
    assert words in response.json()["error"]
    assert not Image.objects.exists()
    assert not Upload.objects.exists()
    assert stored_files(media_storage) == []


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "The file is empty."),
        (b"just some words\n" * 20, "not a picture we take"),
        (b"%PDF-1.4\n1 0 obj <<>> endobj\n", "This is a PDF"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        (photo()[:3000], "cut off"),
        (photo() + b"<html><script>alert(1)</script></html>", "Something else is attached"),
        (photo() + zip_archive(), "Something else is attached"),
        (bomb_png(), "too large (900 megapixels)"),
    ],
    ids=["empty", "text", "pdf", "svg", "truncated", "html-polyglot", "zip-polyglot", "bomb"],
)
def test_a_file_that_is_not_a_picture_we_take_is_refused_with_a_message(
    client, media_storage, data, words
):
    response = upload(client, data)

    assert_refused(response, 400, words, media_storage)
    assert response.json()["error"].startswith("“IMG_0001.jpg”: ")


def test_a_refusal_from_the_library_form_is_a_page_with_the_message(client, media_storage):
    response = upload(client, b"", as_json=False)

    assert response.status_code == 400
    assert "The file is empty." in response.content.decode()
    assert "Upload pictures" in response.content.decode()


def test_one_bad_file_among_several_keeps_none(client, media_storage):
    files = [picture_file(photo(), "good.jpg"), picture_file(b"nope", "bad.jpg")]

    response = client.post(UPLOAD, {"file": files}, **JSON)

    assert_refused(response, 400, "“bad.jpg”", media_storage)


def test_a_file_larger_than_the_limit_is_refused_with_413(client, media_storage, settings):
    settings.TGDB_UPLOAD_MAX_MB = 1
    data = photo(1600, 1200, quality=100) + b"\x00" * (1024 * 1024)  # padding cameras add

    response = upload(client, data)

    assert_refused(response, 413, "the most we take is 1 MB", media_storage)


def test_a_request_larger_than_any_upload_is_refused_before_it_is_read(
    client, media_storage, settings
):
    settings.TGDB_UPLOAD_MAX_MB = 1

    response = client.generic(
        "POST",
        UPLOAD,
        b"x" * 100,
        content_type="multipart/form-data; boundary=x",
        HTTP_ACCEPT="application/json",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert_refused(response, 413, "too large", media_storage)


def test_uploads_past_the_hourly_limit_get_429(client, media_storage, settings):
    settings.TGDB_UPLOADS_PER_HOUR = 2
    assert upload(client, photo()).status_code == 201
    assert upload(client, photo()).status_code == 201

    response = upload(client, photo())

    assert response.status_code == 429
    assert "the most is 2 an hour" in response.json()["error"]
    assert Image.objects.count() == 2


def test_no_file_gets_a_message(client):
    response = client.post(UPLOAD, {"alt": "x"}, **JSON)

    assert response.status_code == 400
    assert response.json()["error"] == "Choose a picture to upload."


def test_every_writing_role_may_upload(contributor):
    assert upload(signed_in(contributor), photo()).status_code == 201


def test_an_account_without_a_role_may_not_upload(db, media_storage):
    nobody = UserFactory(username="reader", role="")

    response = upload(signed_in(nobody), photo())

    assert response.status_code == 403
    assert not Image.objects.exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(db):
    from django.test import Client

    response = upload(Client(), photo(), as_json=False)

    assert response.status_code == 302
    assert response["Location"].startswith("/cadmin/login/?next=/cadmin/media/upload/")


SEED = photo(48, 32)


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    flips=st.lists(st.tuples(st.integers(0, len(SEED) - 1), st.integers(0, 255)), max_size=6),
    keep=st.integers(0, len(SEED)),
)
def test_mangled_pictures_posted_get_201_or_a_400_with_a_message(client, settings, flips, keep):
    settings.TGDB_UPLOADS_PER_HOUR = 100_000  # the examples share one database
    data = bytearray(SEED)
    for position, value in flips:
        data[position] = value

    response = upload(client, bytes(data[:keep]))

    assert response.status_code in (201, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json()["error"]
