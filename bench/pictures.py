"""The pictures' figures, in a Django process on the bench's database, before the server starts:
`python -m bench.pictures PICTURES_JSON` (bench.prepare's "pictures", with "large_photo_size",
the size of the photo whose peak memory is measured, made in the same folder). Prints
{"renditions_ms": [...], "floor_ms": [...], "queries": n, "large": {...}, "phone": {...}}.

- `renditions`: the task worker making an uploaded photo's files, through the very function its
  task runs (media.processing.prepare_image): the stored picture, every width as AVIF, WebP and
  JPEG, the link-preview crop, each written to the media folder and recorded, the upload
  forgotten and the posts showing it drawn again. Timed for each of the post with pictures'
  photos (bench/picture_post.py), one after another in this one process, as a worker takes its
  tasks.
- `pillow_floor`: beside each, Pillow alone making the same files from the same photo: the
  JPEG decoded once (at the scale the stored picture needs, as the worker decodes it), each
  size resized as the worker resizes it and encoded with the worker's settings
  (media.encoding.encode: Pillow's save into memory), and no database, colour management,
  storage or anything else. The two take turns, the order swapped each time, so that the
  machine's drift falls on both alike.
- `renditions_50mp`: a task worker's peak memory on a 50-megapixel photo, in a process started
  for it (bench/worker_peak.py).
- What a phone downloads for the post with pictures (bench/phone.py), at each of
  phone.PIXEL_RATIOS, beside the stored pictures it would download without renditions.
"""

import io
import json
import os
import sys
import time
from pathlib import Path

import django


def pillow_floor(data: bytes) -> None:
    """The files the worker makes of the JPEG `data`, made by Pillow alone."""
    from PIL import Image, ImageOps

    from media.encoding import encode
    from media.processing import MAX_STORED_SIDE, PREVIEW_SIZE, WIDTHS
    from media.processing import _scaled_within as within

    lanczos = Image.Resampling.LANCZOS
    with Image.open(io.BytesIO(data)) as photo:
        photo.draft("RGB", within(photo.size, MAX_STORED_SIDE))
        photo.load()
        stored = photo
        if max(photo.size) > MAX_STORED_SIDE:
            stored = photo.resize(within(photo.size, MAX_STORED_SIDE), lanczos)
        encode([stored], [0], "JPEG")
        for width in sorted({min(width, stored.width) for width in WIDTHS}):
            sized = stored
            if width < stored.width:
                height = max(1, round(stored.height * width / stored.width))
                sized = stored.resize((width, height), lanczos, reducing_gap=3.0)
            for kind in ("AVIF", "WEBP", "JPEG"):
                encode([sized], [0], kind)
        encode([ImageOps.fit(stored, PREVIEW_SIZE, lanczos)], [0], "JPEG")


def timed_ms(work, *args) -> float:
    started = time.perf_counter()
    work(*args)
    return (time.perf_counter() - started) * 1000


def made_ready(image_id: int) -> None:
    """The worker's task for one image, checked to have made its files."""
    from media.models import Image
    from media.processing import prepare_image

    prepare_image.call(image_id)
    status = Image.objects.values_list("status", flat=True).get(pk=image_id)
    if status != Image.Status.READY:
        raise RuntimeError(f"image {image_id} was not made ready: {status}")


def renditions_beside_floor(images: list[int], photos: list[str]) -> dict:
    """Each image's files made by the worker's task and by Pillow alone, in turns."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pillow_floor(Path(photos[0]).read_bytes())  # loads Pillow's codecs before anything is timed
    renditions, floor, queries = [], [], 0
    for number, (image_id, photo) in enumerate(zip(images, photos, strict=True)):
        data = Path(photo).read_bytes()
        for measure in ("product", "floor") if number % 2 == 0 else ("floor", "product"):
            if measure == "floor":
                floor.append(timed_ms(pillow_floor, data))
                continue
            with CaptureQueriesContext(connection) as captured:
                renditions.append(timed_ms(made_ready, image_id))
            queries = len(captured)
    return {"renditions_ms": renditions, "floor_ms": floor, "queries": queries}


def phone_downloads(page: str, page_without: str) -> dict:
    """Bytes of the pictures a phone downloads for the post with pictures, at each pixel ratio,
    and without renditions (each picture's stored file, and the photos as uploaded)."""
    from django.core.files.storage import default_storage
    from django.test import Client

    from media.models import Image

    from .phone import PHONE_WIDTH, PIXEL_RATIOS, downloads, pictures_in
    from .scenarios import PICTURES_IN_POST

    client = Client(HTTP_HOST="127.0.0.1")
    html, without = _page(client, page), _page(client, page_without)
    found = html.count("<picture>")
    if found != PICTURES_IN_POST or "<picture>" in without:
        raise RuntimeError(f"{page} shows {found} pictures, not {PICTURES_IN_POST}")
    by_ratio = {}
    for ratio in PIXEL_RATIOS:
        files = [address.removeprefix("/media/") for address in downloads(html, PHONE_WIDTH, ratio)]
        by_ratio[str(ratio)] = sum(default_storage.size(name) for name in files)
    keys = {address.split("/")[3] for address in downloads(html, PHONE_WIDTH, 1)}
    images = Image.objects.filter(key__in=keys)
    return {
        "pictures": len(pictures_in(html)),
        "css_width": PHONE_WIDTH,
        "bytes_by_pixel_ratio": by_ratio,
        "stored_bytes": sum(image.stored_bytes for image in images),
        "uploaded_bytes": sum(image.uploaded_bytes for image in images),
    }


def _page(client, path: str) -> str:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response.content.decode()


def measure(pictures: dict) -> dict:
    from .photo import phone_photo_file
    from .worker_peak import peak_in_fresh_worker

    measured = renditions_beside_floor(pictures["images"], pictures["photos"])
    measured["phone"] = phone_downloads(pictures["page"], pictures["page_without"])
    photo = phone_photo_file(Path(pictures["folder"]), tuple(pictures["large_photo_size"]))
    large = peak_in_fresh_worker(photo, dict(os.environ))
    if large["status"] != "ready":
        raise RuntimeError(f"the 50-megapixel photo was not made ready: {large['status']}")
    measured["large"] = {**large, "photo_bytes": photo.stat().st_size}
    return measured


def main(argv: list[str]) -> int:
    django.setup()
    print(json.dumps(measure(json.loads(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
