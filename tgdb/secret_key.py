"""A secret key kept in a file of its own: development's (var/secret_key) and the bench's, so
that every process started later signs and reads sessions with the same key."""

import contextlib
import os
import tempfile
from pathlib import Path

from django.core.management.utils import get_random_secret_key


def kept_secret_key(key_file: Path) -> str:
    """Return the key kept in `key_file`, generating it on first use."""
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        # Written whole (readable by its owner only) before it appears under its name, and only
        # if no process made one meanwhile: two processes starting at once read the same key.
        with tempfile.NamedTemporaryFile("w", dir=key_file.parent, delete=False) as draft:
            draft.write(get_random_secret_key())
        with contextlib.suppress(FileExistsError):
            os.link(draft.name, key_file)
        os.unlink(draft.name)
    return key_file.read_text().strip()
