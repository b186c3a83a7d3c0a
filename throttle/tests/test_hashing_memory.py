"""A hashing process, and a worker checking known browsers' passwords itself, keep the working
memory of their password checks for the next one, instead of having 64 MiB of fresh pages
faulted in and zeroed for each (throttle/argon2_memory.py)."""

from functools import partial

import pytest

from tests.processes import gunicorn_on_sqlite
from tests.servers import Browser, create_user
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


@pytest.mark.own_services
def test_a_worker_keeps_its_known_browsers_checks_memory_for_the_next_one(tmp_path):
    # A known browser's password is checked in the worker itself (throttle/gate.py): first in
    # the gate's own thread, then, within PRIORITY_EVERY_SECONDS, in the request's thread.
    server = gunicorn_on_sqlite(tmp_path, workers=1)
    create_user(f"sqlite:///{tmp_path / 'db.sqlite3'}", "kept", PASSWORD)
    with server:
        browser = Browser()
        assert sign_in_and_out(browser, server.url) == (302, 200)  # now a known browser
        (worker,) = server.worker_pids()
        before = resident_mb(worker)

        assert sign_in_and_out(browser, server.url) == (302, 200)
        assert sign_in_and_out(browser, server.url) == (302, 200)
        after = resident_mb(worker)
        assert server.worker_pids() == {worker}  # the same worker throughout

    check_mb = GatedArgon2PasswordHasher.memory_cost / 1024
    assert 0.9 * check_mb <= after - before < 2 * check_mb


def sign_in_and_out(browser: Browser, url: str) -> tuple[int, int]:
    signed_in = browser.sign_in(url, "kept", PASSWORD)
    signed_out = browser.submit(f"{url}/cadmin/logout/", {}, page=f"{url}/cadmin/")
    return signed_in.status, signed_out.status
