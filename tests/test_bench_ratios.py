"""How the bench turns two rows into a ratio (bench/scenarios.py): requests a second of rows
taken side by side, slice by slice, as the median of the pairs; everything else as it is."""

from bench import load
from bench.scenarios import Ratio, ratio_of

PAGES = Ratio("with_vs_without", "with", "without", "rps", ">= 0.9")
LATENCY = Ratio("save_vs_plain", "save", "plain", "p50_ms", "<= 1.5")


def run(requests: int, seconds: float = 1.0) -> dict:
    """A wrk slice of `requests` answered in `seconds`, each in 1 ms."""
    return {
        "requests": requests,
        "duration_us": int(seconds * 1e6),
        "histogram": [[1000, requests]],
        **dict.fromkeys(load.ERROR_KINDS, 0),
    }


def row(*requests: int) -> dict:
    return load.summary([run(count) for count in requests])


def test_a_rows_summary_keeps_each_slices_requests_a_second():
    assert row(900, 1100, 1000)["slice_rps"] == [900.0, 1100.0, 1000.0]
    assert row(900, 1100, 1000)["rps"] == 1000.0


def test_a_burst_of_other_work_in_one_slice_does_not_move_a_ratio_taken_side_by_side():
    without = row(1000, 1000, 1000, 1000, 1000)
    with_burst = row(1000, 1000, 300, 1000, 1000)  # one slice starved by something else

    assert ratio_of(PAGES, with_burst, without) == 1.0
    assert with_burst["rps"] / without["rps"] < 0.9  # pooled, the burst alone would miss


def test_a_real_difference_shows_in_every_pair_and_so_in_the_ratio():
    assert ratio_of(PAGES, row(800, 850, 780, 820, 800), row(1000, 1000, 1000, 1000, 1000)) == 0.8


def test_rows_not_taken_side_by_side_are_compared_whole():
    # Different numbers of slices (one was given a longer one), or too few to pair.
    assert ratio_of(PAGES, row(500, 500, 500, 2000), row(1000, 1000, 1000)) == 0.875
    assert ratio_of(PAGES, row(500, 1000), row(1000, 1000)) == 0.75


def test_latency_ratios_are_of_the_pooled_rows():
    save, plain = {"p50_ms": 30.0, "slice_rps": [1, 2, 3]}, {"p50_ms": 20.0, "slice_rps": [3, 2, 1]}

    assert ratio_of(LATENCY, save, plain) == 1.5
