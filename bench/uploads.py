"""Uploads of a phone photo to the media library, sent from Python one at a time and reported as
wrk reports (bench/ceremonies.py has the rules: timing, slices, checking every answer).

`media_upload` posts the photo as the library's upload form does (multipart: `file`, `alt` and
the CSRF token), asking for JSON as the editor's upload does. Each one is a new image: checked,
its bytes kept in the database for the task worker, and answered with 201 and the image, still
being prepared. The bench's server runs no task worker, so the request alone is measured: its
files are never made under the load. Every answer is checked to be that, or it is an error.
"""

import json
import secrets
from pathlib import Path

from . import load
from .ceremonies import Ceremony
from .load import Request
from .scenarios import Scenario

ALT = "A photo uploaded under load"


def multipart(fields: dict[str, str], name: str, file_name: str, data: bytes) -> tuple[str, bytes]:
    """A multipart/form-data body of `fields` and one file, as a browser sends a form: its
    Content-Type (with the boundary) and its bytes."""
    boundary = f"bench{secrets.token_hex(12)}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n'
        for field, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{file_name}"\r\nContent-Type: image/jpeg\r\n\r\n'
    )
    body = "".join(parts).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


class PhotoUpload(Ceremony):
    """The same photo, uploaded again and again by the author whose session is `session`."""

    def __init__(self, scenario: Scenario, base_url: str, session: str, photo: Path) -> None:
        super().__init__(scenario, base_url)
        form_url = base_url + scenario.form_page
        page, cookie, token = load.signed_in_form(form_url, session)
        if not token:
            raise RuntimeError(f"no upload form at {form_url} ({page.status})")
        content_type, body = multipart(
            {"csrfmiddlewaretoken": token, "alt": ALT}, "file", photo.name, photo.read_bytes()
        )
        headers = (("Content-Type", content_type), ("Accept", "application/json"))
        self.request = Request(
            base_url + scenario.path, method="POST", cookie=cookie, body=body, headers=headers
        )

    def once(self) -> tuple[int | None, str]:
        answer, elapsed_us = load.send(self.request)
        return elapsed_us, problem_with(answer)


def problem_with(answer: load.Answer) -> str:
    """What is wrong with an upload's answer, or "": one image, waiting for the worker."""
    if answer.status != 201:
        return f"expected 201, got {answer.status} {answer.text[:200]}".rstrip()
    try:
        images = json.loads(answer.text).get("images")
    except (ValueError, AttributeError):
        images = None
    if not isinstance(images, list) or len(images) != 1 or images[0].get("status") != "processing":
        return f"expected one image being prepared, got {answer.text[:200]}"
    return ""


def start(scenario: Scenario, base_url: str, session: str, photo: Path) -> PhotoUpload:
    return PhotoUpload(scenario, base_url, session, photo)
