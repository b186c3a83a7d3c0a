"""Argon2id with parameters chosen for a web server, each hash passed through the gate.

Measured on the 2-core machine the benchmark runs on (one hash, nothing else running):
Django's default (t=2, m=100 MiB, p=8) takes 152 ms and both cores, and p=2 takes 128 ms:
with two cores, eight lanes buy nothing. One lane does the same work on one core. We use
t=3, m=64 MiB, p=1, RFC 9106's second recommended option on a single lane and above OWASP's
minimum for Argon2id (t=2, m=19 MiB, p=1): about 200 ms of one core per check, so a second
core is always left for pages, and a storm's checks are bounded by the gate. Hashes made with
other parameters are upgraded when their owner next signs in (Django's must_update).
"""

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from django.contrib.auth.hashers import Argon2PasswordHasher

from accounts.current_request import current_request

from .context import is_known
from .gate import gate
from .hashing_process import in_hashing_process

T = TypeVar("T")


class GatedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 3
    memory_cost = 64 * 1024  # KiB
    parallelism = 1

    def encode(self, password, salt):
        return _gated(partial(self._plain().encode, password, salt))

    def verify(self, password, encoded):
        return _gated(partial(self._plain().verify, password, encoded))

    def _plain(self) -> Argon2PasswordHasher:
        """Django's own hasher with these parameters: what a hashing process can load
        without loading the site."""
        plain = Argon2PasswordHasher()
        plain.time_cost = self.time_cost
        plain.memory_cost = self.memory_cost
        plain.parallelism = self.parallelism
        return plain


def _gated(check: Callable[[], T]) -> T:
    request = current_request.get()
    if request is None:
        return check()  # a management command or a shell: nothing to share the machine with
    if is_known(request):
        return gate().check(check, known=True)
    return gate().check(partial(in_hashing_process, check), known=False)
