"""Readers' side: an image's address, and its files with the headers they deserve.

Every file is served through here, from whichever storage keeps them (the local disk or a
private S3 bucket, TGDB_MEDIA_STORAGE), so that a trashed or deleted image answers 404 at once
on every server: each request asks the database whether the image is still live. A file's
name is its content's, so it may be kept for a year by browsers and a CDN; the image's
address moves to its current file.
"""

import re

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.views.decorators.http import require_safe

from .encoding import CONTENT_TYPE, EXTENSION
from .models import Image, file_url

# Sixteen hex digits of the content's SHA-256; files stored before that have thirty-two.
FILE_NAME = re.compile(r"[0-9a-f]{16}(?:[0-9a-f]{16})?\.(?P<extension>[a-z]{3,4})")
TYPE_OF_EXTENSION = {extension: CONTENT_TYPE[kind] for kind, extension in EXTENSION.items()}
A_YEAR = 365 * 24 * 60 * 60
# The address follows the image's current file: browsers may keep where it led for a while.
ADDRESS_SECONDS = 300


@require_safe
def image_address(request: HttpRequest, key: str) -> HttpResponseRedirect:
    """`/media/<key>/`, what a post's Markdown links to: on to the stored picture."""
    file = Image.objects.live().filter(key=key).exclude(file="").values_list("file", flat=True)
    name = file.first()
    if name is None:
        raise Http404("No such picture.")
    response = HttpResponseRedirect(file_url(name))
    response["Cache-Control"] = f"public, max-age={ADDRESS_SECONDS}"
    return response


@require_safe
def media_file(request: HttpRequest, key: str, name: str) -> FileResponse:
    """`/media/images/<key>/<digest>.<ext>`: one of a live image's files."""
    found = FILE_NAME.fullmatch(name)
    content_type = found and TYPE_OF_EXTENSION.get(found["extension"])
    if not content_type or not Image.objects.live().filter(key=key).exists():
        raise Http404("No such picture.")
    try:
        opened = default_storage.open(f"images/{key}/{name}")
    except (FileNotFoundError, OSError) as error:
        raise Http404("No such picture.") from error
    response = FileResponse(opened, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
    # Opened on its own, a picture runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
