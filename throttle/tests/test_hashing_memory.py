"""A hashing process keeps the working memory of its password checks for the next one, instead
of having 64 MiB of fresh pages faulted in and zeroed for each (throttle/hashing_process.py)."""

from functools import partial

import pytest

from tgdb.worker_memory import resident_mb
from throttle.hashers import GatedArgon2PasswordHasher
from throttle.hashing_process import hashing_processes, in_hashing_process

PASSWORD = "correct horse battery staple"


@pytest.fixture
def fresh_hashing_process():
    """A hashing process that has checked nothing yet (other tests' checks leave theirs kept)."""
    hashing_processes().shutdown()
    hashing_processes.cache_clear()
    yield
    hashing_processes().shutdown()
    hashing_processes.cache_clear()


@pytest.mark.usefixtures("fresh_hashing_process")
def test_a_hashing_process_keeps_its_checks_memory_for_the_next_one():
    hasher = GatedArgon2PasswordHasher()._plain()  # the site's parameters: 64 MiB a check
    encoded = hasher.encode(PASSWORD, hasher.salt())
    check_mb = hasher.memory_cost / 1024
    before = in_hashing_process(resident_mb)

    assert in_hashing_process(partial(hasher.verify, PASSWORD, encoded))
    assert in_hashing_process(partial(hasher.verify, PASSWORD, encoded))
    after = in_hashing_process(resident_mb)

    # Kept once (give or take a few pages of the process's own), not once per check. Given
    # back, as before, it would leave the process about as large as it was.
    assert 0.9 * check_mb <= after - before < 2 * check_mb
