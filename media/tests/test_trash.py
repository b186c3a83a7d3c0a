"""Deleting a picture: refused while a published post shows it, else to the trash beside the
posts (restorable), and gone for good with every file after TGDB_TRASH_DAYS."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from media.models import Image, Rendition
from media.processing import crop_preview_again
from tests.clients import signed_in
from tests.factories import PostFactory

from .conftest import stored_files, uploaded
from .pictures import photo

TRASH = reverse("trash")


@pytest.fixture
def image(author) -> Image:
    return uploaded(author, photo(1200, 800), alt="Gulls over the pier")


def delete(user, image: Image):
    return signed_in(user).post(reverse("media_delete", args=[image.pk]))


def file_status(image: Image) -> int:
    return Client().get(image.get_absolute_url()).status_code


def test_an_unused_picture_goes_to_the_trash_and_readers_lose_it_at_once(author, image):
    file = Client().get(image.get_absolute_url())["Location"]

    response = delete(author, image)

    assert response.status_code == 302
    assert response["Location"] == reverse("media_library")
    image.refresh_from_db()
    assert image.deleted_at is not None
    assert file_status(image) == 404
    assert Client().get(file).status_code == 404
    assert (
        "Gulls over the pier"
        not in signed_in(author).get(reverse("media_library")).content.decode()
    )


def test_the_trash_lists_it_and_restoring_brings_it_back(author, image):
    delete(author, image)
    client = signed_in(author)

    trash = client.get(TRASH).content.decode()
    assert "Gulls over the pier" in trash
    assert reverse("media_restore", args=[image.pk]) in trash

    response = client.post(reverse("media_restore", args=[image.pk]))

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.deleted_at is None
    assert file_status(image) == 302


@pytest.mark.parametrize("shown_as", ["body", "featured"])
def test_a_picture_a_published_post_shows_cannot_be_deleted(author, image, shown_as):
    fields = (
        {"body": f"Look.\n\n{image.markdown()}"}
        if shown_as == "body"
        else {"featured_image": image}
    )
    PostFactory(author=author, title="Birds of the bay", status=Post.Status.PUBLISHED, **fields)

    response = delete(author, image)

    assert response.status_code == 409
    assert "Not deleted: published posts show this picture (“Birds of the bay”)" in (
        response.content.decode()
    )
    image.refresh_from_db()
    assert image.deleted_at is None
    assert file_status(image) == 302


def test_the_delete_page_names_the_published_posts_first(author, image):
    PostFactory(author=author, title="Birds of the bay", status=Post.Status.PUBLISHED,
                body=image.markdown())  # fmt: skip

    page = signed_in(author).get(reverse("media_delete", args=[image.pk])).content.decode()

    assert "These published posts show it" in page
    assert "Birds of the bay" in page
    assert "Move to trash</button>" not in page


def test_a_draft_or_a_trashed_post_does_not_hold_a_picture_back(author, image):
    PostFactory(author=author, status=Post.Status.DRAFT, body=image.markdown())
    trashed = PostFactory(author=author, status=Post.Status.PUBLISHED, body=image.markdown())
    Post.all_objects.filter(pk=trashed.pk).update(deleted_at=timezone.now())

    assert delete(author, image).status_code == 302


def test_someone_elses_picture_is_a_404_to_delete_unless_you_edit_every_post(
    author, other_author, editor, image
):
    assert delete(other_author, image).status_code == 404
    assert (
        signed_in(other_author).post(reverse("media_restore", args=[image.pk])).status_code == 404
    )

    assert delete(editor, image).status_code == 302


def test_purging_deletes_old_trash_with_every_file_and_keeps_the_rest(author, media_storage):
    old = uploaded(author, photo(1200, 800), alt="Old")
    recent = uploaded(author, photo(1200, 800), alt="Recent")
    live = uploaded(author, photo(1200, 800), alt="Live")
    # A focal point moved: a second preview crop, the first one left behind in the storage.
    Image.objects.filter(pk=old.pk).update(focal_x=0.1)
    crop_preview_again.call(old.pk)
    old_files = [path for path in stored_files(media_storage) if old.key in str(path)]
    old.refresh_from_db()
    referenced = {old.file, *Rendition.objects.filter(image=old).values_list("file", flat=True)}
    assert len(old_files) == len(referenced) + 1
    now = timezone.now()
    Image.objects.filter(pk=old.pk).update(deleted_at=now - timedelta(days=31))
    Image.objects.filter(pk=recent.pk).update(deleted_at=now - timedelta(days=29))
    featuring = PostFactory(author=author, featured_image=old, body=old.markdown())
    before = {path for path in stored_files(media_storage) if old.key not in str(path)}

    output = io.StringIO()
    call_command("purge_trash", stdout=output)

    assert "Deleted 1 picture(s) and their files from the trash for good." in output.getvalue()
    assert set(Image.objects.values_list("alt", flat=True)) == {"Recent", "Live"}
    assert not Rendition.objects.filter(image_id=old.pk).exists()
    assert set(stored_files(media_storage)) == before  # every file of Old, nothing else
    featuring.refresh_from_db()
    assert featuring.featured_image is None
    assert not featuring.images.exists()
    assert file_status(live) == 302


def test_the_trash_takes_as_many_queries_for_30_pictures_as_for_2(author):
    def trash_some(count: int) -> None:
        start = Image.objects.count()
        Image.objects.bulk_create(
            Image(
                uploader=author, kind="PNG", width=1, height=1, uploaded_bytes=1,
                key=f"t{n:015}", deleted_at=timezone.now(),
            )
            for n in range(start, start + count)
        )  # fmt: skip

    client = signed_in(author)
    trash_some(2)
    client.get(TRASH)  # the session and the permissions read once
    with CaptureQueriesContext(connection) as two:
        assert client.get(TRASH).status_code == 200
    trash_some(28)
    with CaptureQueriesContext(connection) as thirty:
        client.get(TRASH)

    assert len(two) == len(thirty)
