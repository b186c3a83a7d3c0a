"""The post with pictures, made with the bench's database (bench/prepare.py).

PHOTOGRAPHER uploads PICTURES_IN_POST phone photos (bench/photo.py), each as the upload page
takes one: checked, its bytes kept, waiting for the task worker. bench/pictures.py makes their
files afterwards, timed, and each post showing them is drawn again then, as on the site. One
published post shows them, one after each of its paragraphs, as `![...](/media/<key>/)`; a
second has the same text without them. Both are older than every benchmark post, so no list,
feed or search the bench measures shows them.
"""

import shutil
from datetime import timedelta
from pathlib import Path

from . import long_post
from .photo import phone_photo_file
from .scenarios import PHOTOGRAPHER, PICTURES_IN_POST, WITH_PICTURES_PATH, WITHOUT_PICTURES_PATH

UPLOAD_SEED = 0  # the photo `media_upload` sends; the post's are seeds 1 to PICTURES_IN_POST
WITH_PICTURES_SLUG = "bench-post-with-pictures"
WITHOUT_PICTURES_SLUG = "bench-post-without-pictures"


def forget_files() -> None:
    """Empty the bench's media folder: the database it was made for has just been emptied.
    Only the folder the bench named (TGDB_MEDIA_ROOT) is ever emptied."""
    import os

    from django.conf import settings

    if os.environ.get("TGDB_MEDIA_ROOT"):
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "images", ignore_errors=True)


def paragraphs() -> list[str]:
    """The post's text: the long post's first PICTURES_IN_POST paragraphs."""
    blocks = [block for block in long_post.body().split("\n\n") if not block.startswith("#")]
    return blocks[:PICTURES_IN_POST]


def picture_posts(folder: Path, size: tuple[int, int], password_hash: str, older_than) -> dict:
    """The photos (made in `folder` once), their uploads and the two posts, published before
    `older_than`. Returns {"paths": {placeholder: address}, "pictures": {...}}, the photos'
    paths as strings and the images' ids."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    from blog.models import Post
    from media.uploading import Described, accept
    from team.roles import Role

    photographer = get_user_model().objects.create(
        username=PHOTOGRAPHER, email=f"{PHOTOGRAPHER}@example.com", password=password_hash
    )
    Group.objects.get(name=Role.AUTHOR).user_set.add(photographer)
    photos = [phone_photo_file(folder, size, seed) for seed in range(1, PICTURES_IN_POST + 1)]
    images = [
        accept(
            photographer,
            [SimpleUploadedFile(f"IMG_{number:04d}.jpg", photo.read_bytes(), "image/jpeg")],
            Described(f"Photo {number} of the post with pictures", False),
        )[0]
        for number, photo in enumerate(photos, start=1)
    ]
    text = paragraphs()
    shown = [
        f"{paragraph}\n\n{image.markdown()}" for paragraph, image in zip(text, images, strict=True)
    ]
    posts = {}
    for placeholder, slug, title, body in (
        (WITH_PICTURES_PATH, WITH_PICTURES_SLUG, "A walk in ten photos", shown),
        (WITHOUT_PICTURES_PATH, WITHOUT_PICTURES_SLUG, "A walk in words", text),
    ):
        post = Post(
            title=title,
            slug=slug,
            body="\n\n".join(body) + "\n",
            author=photographer,
            status=Post.Status.PUBLISHED,
            published_at=older_than - timedelta(days=1),
        )
        post.save()  # renders its Markdown, and records the pictures it shows
        posts[placeholder] = post.get_absolute_url()
    upload_photo = phone_photo_file(folder, size, UPLOAD_SEED)
    return {
        "paths": posts,
        "pictures": {
            "folder": str(folder),
            "upload_photo": str(upload_photo),
            "photos": [str(photo) for photo in photos],
            "images": [image.pk for image in images],
            "page": posts[WITH_PICTURES_PATH],
            "page_without": posts[WITHOUT_PICTURES_PATH],
        },
    }
