"""The bench pools several wrk runs into one row with exact percentiles (bench/load.py)."""

from bench.load import summary
from bench.run import hash_floor_row


def wrk_run(histogram, requests=None, seconds=1, **errors):
    counted = sum(count for _, count in histogram)
    return {
        "requests": counted if requests is None else requests,
        "duration_us": seconds * 1_000_000,
        **{kind: errors.get(kind, 0) for kind in ("connect", "read", "write", "status", "timeout")},
        "histogram": histogram,
    }


def test_one_run_gives_wrks_own_percentiles():
    row = summary([wrk_run([(1000, 49), (2000, 50), (90_000, 1)])])

    assert row["p50_ms"] == 2.0  # the 51st of 100 requests took 2 ms
    assert row["p99_ms"] == 90.0  # and the 100th 90 ms
    assert row["rps"] == 100.0
    assert row["errors"] == 0


def test_runs_are_pooled_request_by_request_not_by_averaging_their_medians():
    fast = wrk_run([(100_000, 9)])
    slow = wrk_run([(200_000, 1)])

    row = summary([fast, slow])

    # Averaging the two medians would say 150 ms; nine of the ten sign-ins took 100 ms.
    assert row["p50_ms"] == 100.0
    assert row["p99_ms"] == 200.0
    assert row["requests"] == 10
    assert row["rps"] == 5.0


def test_errors_of_every_kind_and_run_are_added_up():
    row = summary([wrk_run([(1000, 5)], status=2), wrk_run([(1000, 5)], timeout=1, connect=1)])

    assert row["errors"] == 4
    assert row["error_kinds"] == {"connect": 1, "read": 0, "write": 0, "status": 2, "timeout": 1}


def test_the_hash_floor_is_read_with_the_same_rule_as_the_sign_ins():
    sign_ins = summary([wrk_run([(1000, 1), (2000, 1), (3000, 1), (4000, 1)])])
    floor = hash_floor_row([1.0, 2.0, 3.0, 4.0])

    assert floor["p50_ms"] == sign_ins["p50_ms"] == 3.0
    assert floor["p99_ms"] == sign_ins["p99_ms"] == 4.0
