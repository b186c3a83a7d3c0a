"""Django's FileBasedCache, storing values as they are pickled rather than zlib-compressed.

The cache in files (used without Redis) holds mostly whole reader pages (blog/page_cache.py),
each read thousands of times for every write. Django's backend compresses what it stores, so
every hit decompresses the page: a post with ten pictures (their `srcset` file names hardly
compress) spent 20 µs more per hit than the same text without, a tenth of its pages a second.
Pages take a few times more room on disk instead. Redis's backend does not compress either.

The files carry a suffix of their own, so files the compressing backend left in the same folder
are never read as ours.
"""

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks


class UncompressedFileCache(FileBasedCache):
    cache_suffix = ".pickle"

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                if not self._is_expired(f):
                    return pickle.load(f)  # noqa: S301 - files only this site writes, as Django's
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value) -> None:
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                locks.lock(f, locks.LOCK_EX)
                try:
                    if self._is_expired(f):
                        return False
                    value = pickle.load(f)  # noqa: S301
                    f.seek(0)
                    self._write_content(f, timeout, value)
                    f.truncate()
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
