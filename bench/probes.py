"""Measurements taken inside Django with the bench's settings, each printed as JSON:

- `python -m bench.probes queries DETAIL_PATH`: the SQL queries per page, {"<scenario>": n};
- `python -m bench.probes hash SECONDS`: the times of one password check (`hash_floor`), [ms, ...].
"""

import json
import sys
import time

import django

HASH_REPETITIONS = 5  # at least, however short the slice


def hash_floor_ms(seconds: float) -> list[float]:
    """Times of `check_password` for one password with the configured hasher (the first
    settings.PASSWORD_HASHERS entry), the work every valid sign-in must do, repeated for
    `seconds`: the bench takes them in turn with slices of sign-ins."""
    from django.contrib.auth.hashers import check_password, make_password

    from .scenarios import PASSWORD

    encoded = make_password(PASSWORD)
    check_password(PASSWORD, encoded)  # the first call loads the hasher's library
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(times) < HASH_REPETITIONS or time.perf_counter() < deadline:
        start = time.perf_counter()
        verified = check_password(PASSWORD, encoded)
        times.append((time.perf_counter() - start) * 1000)
        if not verified:
            raise RuntimeError("the bench's password did not verify")
    return times


def queries_per_page(detail_path: str) -> dict[str, int]:
    """Queries of the second of two identical requests: what every request after the first
    costs, as under load (caches warm, the session already read once)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from .scenarios import DETAIL_PATH, PASSWORD, SCENARIOS

    users = get_user_model().objects
    counts = {}
    for scenario in SCENARIOS:
        path = scenario.path.replace(DETAIL_PATH, detail_path)
        client = Client(HTTP_HOST="127.0.0.1")
        if scenario.signed_in_as:
            client.force_login(users.get(username=scenario.signed_in_as))
        for _ in range(2):
            if scenario.sign_in_as:
                client = Client(HTTP_HOST="127.0.0.1")  # each sign-in arrives signed out
            with CaptureQueriesContext(connection) as captured:
                if scenario.sign_in_as:
                    form = {
                        "username": scenario.sign_in_as,
                        "password": PASSWORD,
                        "next": scenario.next_path,
                    }
                    response = client.post(path, form)
                else:
                    response = client.get(path)
        if response.status_code >= 400:
            raise RuntimeError(f"{scenario.name}: {path} answered {response.status_code}")
        counts[scenario.name] = len(captured)
    return counts


def main(argv: list[str]) -> int:
    django.setup()
    probe, argument = argv
    if probe == "hash":
        print(json.dumps(hash_floor_ms(float(argument))))
    else:
        print(json.dumps(queries_per_page(argument)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
