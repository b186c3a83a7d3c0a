"""A hasher that writes down which process hashed and at what niceness. It is what a hashing
process loads (throttle/hashing_process.py), so it imports nothing of the site."""

import os
from pathlib import Path

from django.contrib.auth.hashers import Argon2PasswordHasher


class WhereHashedArgon2(Argon2PasswordHasher):
    """Django's Argon2 hasher at the cheapest parameters, writing "<pid> <niceness>" to
    `record` as it verifies."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1

    def __init__(self, record: str) -> None:
        self.record = record

    def verify(self, password, encoded):
        Path(self.record).write_text(f"{os.getpid()} {os.getpriority(os.PRIO_PROCESS, 0)}")
        return super().verify(password, encoded)
