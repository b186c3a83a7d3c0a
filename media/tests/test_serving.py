"""Readers fetch an image's files with the type we decoded, nosniff and a year's caching; a
trashed image is a 404 at once (media/serving.py)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from media.models import Image

from .conftest import uploaded
from .pictures import photo


@pytest.fixture
def image(author) -> Image:
    return uploaded(author, photo())


def test_an_images_address_leads_to_its_stored_file(image):
    response = Client().get(f"/media/{image.key}/")

    assert response.status_code == 302
    assert response["Location"] == f"/media/{image.file}"
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_file_is_served_as_what_we_made_it_never_to_be_sniffed(image):
    response = Client().get(f"/media/{image.file}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_a_trashed_image_is_a_404_at_once(image):
    Image.objects.filter(pk=image.pk).update(deleted_at=timezone.now())

    assert Client().get(f"/media/{image.file}").status_code == 404
    assert Client().get(f"/media/{image.key}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/{key}/../../settings.py",
        "/media/images/{key}/0123456789abcdef0123456789abcdef.html",
        "/media/images/{key}/0123456789abcdef0123456789abcdef.jpg",
        "/media/images/nosuchkey1234567/{name}",
    ],
    ids=["traversal", "other-type", "missing", "other-key"],
)
def test_anything_but_a_live_images_own_file_is_a_404(image, path):
    name = image.file.split("/")[-1]

    response = Client().get(path.format(key=image.key, name=name))

    assert response.status_code == 404


def test_an_image_still_being_prepared_has_no_file_yet(author):
    waiting = uploaded(author, photo(), process=False)

    assert Client().get(f"/media/{waiting.key}/").status_code == 404


def test_a_file_answers_in_one_query(image, django_assert_num_queries):
    with django_assert_num_queries(1):
        Client().get(f"/media/{image.file}")


def test_files_are_named_by_sixteen_hex_digits_and_older_names_of_thirty_two_still_serve(image):
    assert re.fullmatch(rf"images/{image.key}/[0-9a-f]{{16}}\.jpg", image.file)
    content = default_storage.open(image.file).read()
    older = default_storage.save(f"images/{image.key}/{'ab' * 16}.jpg", ContentFile(content))
    odd = default_storage.save(f"images/{image.key}/{'ab' * 12}.jpg", ContentFile(content))

    assert Client().get(f"/media/{older}").status_code == 200
    assert Client().get(f"/media/{odd}").status_code == 404  # no name we ever gave
