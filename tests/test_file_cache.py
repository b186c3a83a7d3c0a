"""The cache in files used without Redis (tgdb/file_cache.py): a page is stored as it is."""

import pickle
import time

import pytest
from django.core.cache.backends.filebased import FileBasedCache

from tgdb.file_cache import UncompressedFileCache

PAGE = (b"<article><p>A walk in ten photos.</p></article>" * 40, "text/html")


@pytest.fixture
def cache(tmp_path):
    return UncompressedFileCache(str(tmp_path), {})


def stored_files(folder):
    return sorted(path for path in folder.iterdir() if path.is_file())


def test_a_page_is_stored_uncompressed_and_read_back(cache, tmp_path):
    cache.set("page", PAGE, 60)

    (stored,) = stored_files(tmp_path)
    assert PAGE[0] in stored.read_bytes()  # the page's own bytes, not zlib's
    assert cache.get("page") == PAGE


def test_a_missing_or_expired_page_is_a_miss(cache):
    assert cache.get("absent", "missed") == "missed"
    cache.set("page", PAGE, 1)
    deadline = time.monotonic() + 30
    while cache.get("page") is not None:
        assert time.monotonic() < deadline, "the page never expired"
        time.sleep(0.1)
    assert cache.get("page", "missed") == "missed"


def test_touch_keeps_the_page_and_moves_its_expiry(cache, tmp_path):
    cache.set("page", PAGE, 1)

    assert cache.touch("page", 3600)

    (stored,) = stored_files(tmp_path)
    with stored.open("rb") as file:
        assert pickle.load(file) > time.time() + 3000  # noqa: S301
        assert pickle.load(file) == PAGE  # noqa: S301
        assert file.read() == b""  # nothing of the old content left behind
    assert cache.get("page") == PAGE
    assert not cache.touch("absent", 60)


def test_files_of_the_compressing_backend_in_the_same_folder_are_never_read(cache, tmp_path):
    FileBasedCache(str(tmp_path), {}).set("page", ("an older page", "text/html"), 60)
    assert len(stored_files(tmp_path)) == 1

    assert cache.get("page", "missed") == "missed"
    cache.set("page", PAGE, 60)
    assert cache.get("page") == PAGE
