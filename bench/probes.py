"""Measurements taken inside Django, run as `python -m bench.probes DETAIL_PATH` with the bench's
settings: the time of one password check (`hash_floor`) and the SQL queries per page.

Prints {"hash_floor_ms": [...], "queries": {"<scenario>": n}} as JSON.
"""

import json
import sys
import time

import django

HASH_REPETITIONS = 21


def hash_floor_ms() -> list[float]:
    """Times of `check_password` for one password with the configured hasher (the first
    settings.PASSWORD_HASHERS entry), the work every valid sign-in must do."""
    from django.contrib.auth.hashers import check_password, make_password

    from .scenarios import PASSWORD

    encoded = make_password(PASSWORD)
    check_password(PASSWORD, encoded)  # the first call loads the hasher's library
    times = []
    for _ in range(HASH_REPETITIONS):
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
    result = {"hash_floor_ms": hash_floor_ms(), "queries": queries_per_page(argv[0])}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
