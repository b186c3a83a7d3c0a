"""Pictures in an S3 bucket that several app servers share (TGDB_MEDIA_STORAGE=s3), against
moto's S3 server on loopback: an upload taken by one server is shown by another, the bucket
holds only files the task worker made, and a trashed picture is a 404 on every server at once.
"""

import dataclasses
import io
import uuid

import psycopg
import pytest
from django.core.management.utils import get_random_secret_key
from django.test import Client
from PIL import Image as Pillow

from media.models import Image, Rendition
from media.processing import crop_preview_again
from tests.processes import printed_json, run
from tests.servers import (
    Browser,
    Gunicorn,
    TaskWorker,
    create_database,
    create_user,
    drop_database,
    poll,
    production_environment,
)
from tests.services import S3Server

from .conftest import uploaded
from .pictures import GPS_IFD, exif_of, photo

PASSWORD = "Quiet-river-crossing-42"
PRINT_MEDIA_STORAGE = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps(settings.STORAGES["default"], default=str))
"""
# The files of an image, whichever table names them.
FILES_OF_IMAGES = """
SELECT image.key, image.file FROM media_image image WHERE image.file <> ''
UNION SELECT image.key, rendition.file FROM media_rendition rendition
JOIN media_image image ON image.id = rendition.image_id
"""


def media_storage_setting(**variables: str) -> dict:
    """STORAGES["default"] as tgdb/settings.py makes it from these variables."""
    return printed_json(run(["-c", PRINT_MEDIA_STORAGE], **variables))


# --- The settings --------------------------------------------------------------------------


def test_s3_keeps_pictures_in_a_private_bucket_under_their_content_names():
    setting = media_storage_setting(
        TGDB_MEDIA_STORAGE="s3",
        TGDB_S3_BUCKET="blog-pictures",
        TGDB_S3_ENDPOINT_URL="https://s3.example.com",
        TGDB_S3_REGION="eu-west-3",
        TGDB_S3_ACCESS_KEY_ID="the-access-key",
        TGDB_S3_SECRET_ACCESS_KEY="$the/secret+key",
    )

    assert setting == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "blog-pictures",
            "endpoint_url": "https://s3.example.com",
            "region_name": "eu-west-3",
            "access_key": "the-access-key",
            "secret_key": "$the/secret+key",
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": False,
        },
    }


def test_without_a_choice_pictures_stay_on_the_local_disk():
    setting = media_storage_setting()

    assert setting["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert setting["OPTIONS"]["location"].endswith("/var/media")


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"TGDB_MEDIA_STORAGE": "disk"}, "TGDB_MEDIA_STORAGE must be filesystem"),
        ({"TGDB_MEDIA_STORAGE": "s3"}, "TGDB_MEDIA_STORAGE=s3 needs TGDB_S3_BUCKET"),
    ],
    ids=["unknown-storage", "s3-without-bucket"],
)
def test_a_storage_the_site_cannot_use_is_refused_at_start(variables, message):
    result = run(["-c", PRINT_MEDIA_STORAGE], **variables)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


# --- This process on the bucket ------------------------------------------------------------


@pytest.fixture(scope="module")
def s3():
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def bucket(s3, settings, media_storage) -> S3Server:
    """This test keeps its pictures in a bucket of its own on `s3`, as the settings would."""
    own = dataclasses.replace(s3, bucket=f"test-{uuid.uuid4().hex[:12]}", process=None)
    own.client().create_bucket(Bucket=own.bucket)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_setting(**own.variables())}
    return own


@pytest.mark.own_services
def test_a_new_focal_point_crops_the_preview_again_from_the_picture_in_the_bucket(bucket, author):
    # Red on the left half, blue on the right: a wide picture leaves the crop room across.
    image = uploaded(author, photo(1000, 300, gps=False))
    Image.objects.filter(pk=image.pk).update(focal_x=0.0)

    crop_preview_again.call(image.pk)

    preview = image.renditions.get(purpose=Rendition.Purpose.PREVIEW)
    with Pillow.open(io.BytesIO(bucket.objects()[preview.file])) as picture:
        assert picture.getpixel((600, 315))[0] > 150  # red: the left edge


@pytest.mark.own_services
def test_a_file_missing_from_the_bucket_is_a_404(bucket, author):
    image = uploaded(author, photo(320, 240))
    bucket.client().delete_object(Bucket=bucket.bucket, Key=image.file)

    assert Client().get(f"/media/{image.file}").status_code == 404


# --- Two app servers and a task worker on the bucket ----------------------------------------


@pytest.fixture(scope="module")
def database(postgres_server):
    url = create_database(postgres_server)
    create_user(url, "photographer", PASSWORD)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture(scope="module")
def servers(s3, database, redis_server):
    """Servers A and B and a task worker, one worker process each, all on one bucket."""
    variables = {
        **production_environment(database, get_random_secret_key(), redis_server.url, workers=1),
        **s3.variables(),
    }
    with Gunicorn(variables) as a, Gunicorn(variables) as b, TaskWorker(variables):
        yield a, b


def upload_on(server: Gunicorn, data: bytes) -> str:
    """Upload `data` on `server` as an author; the new image's address."""
    browser = Browser()
    signed_in = browser.sign_in(server.url, "photographer", PASSWORD)
    assert signed_in.status == 302, signed_in.text
    answer = browser.upload(
        f"{server.url}/cadmin/media/upload/",
        {"alt": "A red and blue flag"},
        {"file": ("IMG_0042.jpg", data)},
        page=f"{server.url}/cadmin/media/",
    )
    assert answer.status == 201, answer.text
    [image] = answer.json()["images"]
    return image["url"]


def made(server: Gunicorn, address: str) -> str:
    """Where `address` leads once the task worker has made the picture's files."""
    moved = poll(lambda: Browser().get(f"{server.url}{address}"), lambda got: got.status == 302)
    return moved.headers["Location"]


def files_in_database(database: str) -> dict[str, str]:
    """Every file a row names, with its image's key."""
    with psycopg.connect(database) as connection:
        return {name: key for key, name in connection.execute(FILES_OF_IMAGES)}


@pytest.mark.own_services
def test_a_picture_uploaded_on_one_server_is_shown_by_the_other(servers):
    a, b = servers

    address = upload_on(a, photo(640, 480))
    location = made(b, address)
    file = Browser().get(f"{b.url}{location}")

    assert location.startswith(f"/media/images/{address.split('/')[2]}/")
    assert file.status == 200
    assert file.headers["Content-Type"] == "image/jpeg"
    assert file.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with Pillow.open(io.BytesIO(file.content)) as picture:
        assert (picture.format, picture.size) == ("JPEG", (640, 480))


@pytest.mark.own_services
def test_the_bucket_holds_only_files_made_by_the_task_worker(servers, s3, database):
    a, _ = servers
    sent = photo(640, 480)
    assert exif_of(sent)[GPS_IFD]  # the phone's position is in what is sent

    key = upload_on(a, sent).split("/")[2]
    made(a, f"/media/{key}/")
    objects = s3.objects()
    named = files_in_database(database)

    assert all(name.startswith("images/") for name in objects)
    assert set(objects) == set(named)
    this_image = {name for name, of in named.items() if of == key}
    assert {name.rsplit(".", 1)[1] for name in this_image} == {"avif", "webp", "jpg"}
    assert sent not in objects.values()
    for name, data in objects.items():
        with Pillow.open(io.BytesIO(data)) as picture:
            picture.load()
            assert dict(picture.getexif()) == {}, name
            assert not picture.info.keys() & {"exif", "xmp", "icc_profile", "comment"}, name


@pytest.mark.own_services
def test_a_trashed_picture_is_a_404_on_every_server_at_once(servers, database):
    a, b = servers
    address = upload_on(a, photo(640, 480))
    key = address.split("/")[2]
    made(b, address)
    files = [f"/media/{name}" for name, of in files_in_database(database).items() if of == key]
    addresses = [address, *files]
    before = {
        Browser().get(f"{server.url}{path}").status for server in servers for path in addresses
    }

    with psycopg.connect(database) as connection:
        connection.execute("UPDATE media_image SET deleted_at = now() WHERE key = %s", [key])
    after = {
        (server.url, path): Browser().get(f"{server.url}{path}").status
        for server in (a, b)
        for path in addresses
    }

    assert before == {200, 302}
    assert set(after.values()) == {404}, after
