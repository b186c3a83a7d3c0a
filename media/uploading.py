"""Taking an upload: the limits, the first look (media/inspection.py), and the image it
becomes, its files made by the task worker afterwards (media/processing.py)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from .inspection import Inspected, Refused, inspect
from .models import Image, Upload
from .processing import prepare_image

MB = 1024 * 1024


@dataclass(frozen=True)
class Described:
    alt: str
    decorative: bool


def refuse_oversized_request(content_length: int, files: int = 1) -> None:
    """Before the body is read: a request larger than the files it may carry is refused."""
    if content_length > settings.TGDB_UPLOAD_MAX_MB * MB * max(1, files) + MB:
        raise _too_large()


def _too_large() -> Refused:
    limit = settings.TGDB_UPLOAD_MAX_MB
    return Refused(f"The file is too large: the most we take is {limit} MB a picture.", 413)


def check_rate(user, count: int) -> None:
    """TGDB_UPLOADS_PER_HOUR per person, counted from the images they uploaded."""
    limit = settings.TGDB_UPLOADS_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    recent = Image.objects.filter(uploader=user, created__gte=since).count()
    if recent + count > limit:
        raise Refused(
            f"You have uploaded {recent} pictures in the last hour; the most is {limit} an hour. "
            "Try again a little later.",
            429,
        )


def accept(user, files: list[UploadedFile], described: Described) -> list[Image]:
    """An image per file, each waiting for its files to be made; Refused (naming the file)
    if any one of them is not taken, and then none is kept."""
    if not files:
        raise Refused("Choose a picture to upload.")
    check_rate(user, len(files))
    looked_at = [(file, _inspected(file)) for file in files]
    images = []
    with transaction.atomic():
        for file, (inspected, data) in looked_at:
            image = Image.objects.create(
                uploader=user,
                original_name=(file.name or "")[:255],
                alt="" if described.decorative else described.alt,
                decorative=described.decorative,
                kind=inspected.kind_name,
                width=inspected.width,
                height=inspected.height,
                frames=inspected.frames,
                uploaded_bytes=len(data),
            )
            Upload.objects.create(image=image, data=data)
            transaction.on_commit(lambda pk=image.pk: prepare_image.enqueue(pk))
            images.append(image)
    return images


def _inspected(file: UploadedFile) -> tuple[Inspected, bytes]:
    if file.size is not None and file.size > settings.TGDB_UPLOAD_MAX_MB * MB:
        raise _too_large()
    data = file.read()
    try:
        return inspect(data), data
    except Refused as refused:
        name = (file.name or "")[:100]
        if name:
            refused.message = f"“{name}”: {refused.message}"
        raise
