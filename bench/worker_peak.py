"""The task worker's peak memory on one photo, measured in a process started for it alone.

- `python -m bench.worker_peak upload PHOTO` migrates the database if it needs it and uploads
  PHOTO as PHOTOGRAPHER's (the account made if missing), as the upload page takes one: checked,
  kept in the database, waiting for the worker. Prints {"image": id}.
- `python -m bench.worker_peak process IMAGE_ID` makes that image's files as the worker's task
  does (media.processing.prepare_image) and prints {"peak_mb", "seconds", "status"}: the
  process's peak resident memory, Django and its database connection included, as a task
  worker has them, and nothing else before it.

`peak_in_fresh_worker` runs the two, each in a process of its own, with the settings it is
given: the bench on its database (bench/pictures.py), and the test that keeps the worker
within its limit (media/tests/test_memory.py).
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

import django


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    Linux's VmHWM, the high-water mark of this program's own memory. Not getrusage's
    ru_maxrss: Linux keeps that across exec, so a process started by a large one (the bench's
    probe, after making the 12-megapixel photos' files) would report its parent's peak.
    Elsewhere ru_maxrss is all there is (bytes on macOS)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)  # kB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def upload(photo: Path) -> int:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from media.uploading import Described, accept

    from .scenarios import PHOTOGRAPHER

    call_command("migrate", "--noinput", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(
        username=PHOTOGRAPHER, defaults={"email": f"{PHOTOGRAPHER}@example.com"}
    )
    sent = SimpleUploadedFile(photo.name, photo.read_bytes(), "image/jpeg")
    (image,) = accept(user, [sent], Described("A photo the worker makes the files of", False))
    return image.pk


def process(image_id: int) -> dict:
    from media.models import Image
    from media.processing import prepare_image

    started = time.perf_counter()
    prepare_image.call(image_id)
    seconds = time.perf_counter() - started
    status = Image.objects.values_list("status", flat=True).get(pk=image_id)
    return {"peak_mb": peak_rss_mb(), "seconds": round(seconds, 3), "status": status}


def peak_in_fresh_worker(photo: Path, env: dict[str, str]) -> dict:
    """Upload `photo`, then make its files in a fresh process: {"peak_mb", "seconds",
    "status"}. `env` names the settings and the database both processes use."""
    from .server import module_json

    image = module_json("bench.worker_peak", ("upload", str(photo)), env)["image"]
    return module_json("bench.worker_peak", ("process", str(image)), env)


def main(argv: list[str]) -> int:
    # An upload waits for the worker, whatever the settings would do in development.
    os.environ["TGDB_TASKS_BACKEND"] = "database"
    django.setup()
    command, argument = argv
    if command == "upload":
        print(json.dumps({"image": upload(Path(argument))}))
    else:
        print(json.dumps(process(int(argument))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
