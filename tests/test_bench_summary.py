"""The bench pools several wrk runs into one row with exact percentiles (bench/load.py), reads
the storm's runs into rows and ratios (bench/storm.py), compares the saves, and holds the
pictures' figures to their goals."""

from bench.load import summary
from bench.report import error_warning, spread, spread_table, table
from bench.run import in_process_row, measured_row, ratios
from bench.scenarios import (
    CALM_READERS,
    HASH_FLOOR,
    KNOWN_DEVICE_LOGIN,
    PILLOW_FLOOR,
    RATIOS,
    RENDITIONS,
    RENDITIONS_50MP,
    STEADY,
    storm_readers,
)
from bench.storm import attackers_row, known_device_row, readers_row


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
    floor = in_process_row([1.0, 2.0, 3.0, 4.0])

    assert floor["p50_ms"] == sign_ins["p50_ms"] == 3.0
    assert floor["p99_ms"] == sign_ins["p99_ms"] == 4.0


def test_attackers_paused_or_turned_away_are_counted_not_errors():
    first_round = {**wrk_run([(1000, 4)], status=3, timeout=1), "statuses": {"503": 3, "200": 1}}
    second_round = {**wrk_run([(1000, 2)], status=1), "statuses": {"200": 1, "429": 1}}

    row = attackers_row([first_round, second_round], 8, "", None)

    assert row["statuses"] == {"200": 2, "429": 1, "503": 3}  # both rounds, in order of status
    assert row["errors"] == 0
    assert row["socket_errors"] == {"connect": 0, "read": 0, "write": 0, "timeout": 1}
    assert "problem" not in row
    assert row["connections"] == 8


def test_an_attack_refused_before_its_password_is_checked_is_an_error():
    run = wrk_run([(1000, 5)], status=2)
    run["statuses"] = {"200": 3, "403": 2}

    row = attackers_row([run], 32, "", None)

    assert row["errors"] == 2
    assert row["problem"] == "attacks: 2 answered 403"


def test_readers_who_got_no_answer_at_all_are_an_error_without_a_latency():
    row = readers_row([wrk_run([])], "", None)

    assert row["errors"] == 1
    assert row["problem"] == "no reader was answered"
    assert row["p99_ms"] is None  # not 0 ms, the best figure there is


def test_the_known_browsers_sign_ins_of_both_storms_are_pooled_and_what_went_wrong_named():
    calmer = {**wrk_run([(100_000, 3)]), "problems": {}}
    wilder = {**wrk_run([(300_000, 1)], status=1), "problems": {"expected a 302, got 503": 1}}

    row = known_device_row({8: [calmer], 32: [wilder]}, "", None)

    assert (row["requests"], row["p50_ms"], row["p99_ms"]) == (4, 100.0, 300.0)
    assert row["errors"] == 1
    assert row["problem"] == "expected a 302, got 503 (1)"
    assert row["by_storm"]["32"] == {"requests": 1, "p50_ms": 300.0, "p99_ms": 300.0}


def storm_rows(calm: dict, eight: dict, thirty_two: dict) -> dict:
    return {
        CALM_READERS: calm,
        storm_readers(8): eight,
        storm_readers(32): thirty_two,
        KNOWN_DEVICE_LOGIN: {"p50_ms": 300.0},
        HASH_FLOOR: {"p50_ms": 100.0},
    }


def test_storm_ratios_take_the_worse_of_the_two_storms():
    rows = storm_rows(
        {"rps": 1000.0, "p99_ms": 10.0},
        {"rps": 400.0, "p99_ms": 50.0},  # the fewer readers served
        {"rps": 800.0, "p99_ms": 60.0},  # the longer wait
    )

    measured = ratios(rows, None)

    assert measured["storm_reader_rps_vs_calm"] == 0.4
    assert measured["storm_reader_p99_vs_calm"] == 6.0
    assert measured["storm_known_device_login_vs_hash_floor"] == 3.0


def test_storm_ratios_are_not_measured_when_a_storm_is_missing():
    rows = storm_rows({"rps": 1000.0, "p99_ms": 10.0}, {"rps": 400.0, "p99_ms": None}, {})

    measured = ratios(rows, None)
    skipped = ratios({HASH_FLOOR: {"p50_ms": 100.0}}, None)  # --no-storm

    assert measured["storm_reader_p99_vs_calm"] is None
    assert measured["storm_reader_rps_vs_calm"] is None
    assert all(skipped[key] is None for key in measured if key.startswith("storm_"))


def test_a_rows_p99_is_compared_with_its_own_p50():
    rows = {
        CALM_READERS: {"rps": 1000.0, "p50_ms": 10.0, "p99_ms": 30.0},
        STEADY: {"rps": 900.0, "p50_ms": 10.0, "p99_ms": 50.0},
    }

    measured = ratios(rows, None)

    assert measured["calm_reader_p99_vs_p50"] == 3.0
    assert measured["steady_p99_vs_p50"] == 5.0
    goals = {ratio.key: ratio for ratio in RATIOS}
    assert goals["calm_reader_p99_vs_p50"].meets(3.0)
    assert not goals["steady_p99_vs_p50"].meets(5.0)


def test_the_table_shows_the_storm_ratios_against_their_goals():
    results = {
        "scenarios": {},
        "ratios": {"storm_reader_p99_vs_calm": 6.0, "storm_reader_rps_vs_calm": 0.8},
    }

    lines = table(results).splitlines()

    assert "MISSED" in next(line for line in lines if "storm_reader_p99_vs_calm" in line)
    assert "ok" in next(line for line in lines if "storm_reader_rps_vs_calm" in line)
    assert any("storm_known_device_login_vs_hash_floor" in line for line in lines)
    assert len([ratio for ratio in RATIOS if ratio.key.startswith("storm_")]) == 3


def test_the_save_is_compared_with_the_plain_save_and_the_autosave_with_the_save():
    rows = {
        "post_save": {"p50_ms": 60.0},
        "post_save_plain": {"p50_ms": 40.0},
        "autosave": {"p50_ms": 15.0},
    }

    measured = ratios(rows, None)
    lines = table({"scenarios": {}, "ratios": measured}).splitlines()

    assert measured["post_save_vs_plain_save"] == 1.5
    assert measured["autosave_vs_post_save"] == 0.25
    assert "ok" in next(line for line in lines if "post_save_vs_plain_save" in line)


def test_a_save_slower_than_one_and_a_half_plain_ones_misses_its_goal():
    rows = {"post_save": {"p50_ms": 61.0}, "post_save_plain": {"p50_ms": 40.0}}

    measured = ratios(rows, None)
    lines = table({"scenarios": {}, "ratios": measured}).splitlines()

    assert measured["post_save_vs_plain_save"] == 1.525
    assert "MISSED" in next(line for line in lines if "post_save_vs_plain_save" in line)
    assert measured["autosave_vs_post_save"] is None  # no autosave row: not measured


def scaling_rows(search_ms: float, errors: int = 0) -> dict:
    small = {"blog_list": 5.0, "search": 6.0, "blog_detail_uncached": 4.0}
    large = {"blog_list": 6.0, "search": search_ms, "blog_detail_uncached": 4.0}
    return {
        "small_posts": 1_000,
        "large_posts": 100_000,
        "small": {name: {"p50_ms": ms, "errors": 0} for name, ms in small.items()},
        "large": {name: {"p50_ms": ms, "errors": errors} for name, ms in large.items()},
    }


def test_search_is_compared_with_a_post_drawn_afresh_here_and_on_the_large_database():
    rows = {
        "search": {"p50_ms": 9.0},
        "blog_detail_uncached": {"p50_ms": 4.0},
        "feed": {"rps": 700.0},
        "baseline": {"rps": 1000.0},
    }
    scaling = scaling_rows(search_ms=13.0)

    measured = ratios(rows, scaling)
    results = {"scenarios": {}, "ratios": measured, "scaling": scaling}
    lines = table(results).splitlines()

    assert measured["search_vs_blog_detail_uncached"] == 2.25
    assert measured["search_p50_100k_vs_blog_detail_uncached"] == 3.25  # the large database's
    assert measured["blog_list_p50_100k_vs_1k"] == 1.2  # large ÷ small
    assert measured["feed_vs_baseline"] == 0.7
    assert "ok" in next(line for line in lines if "search_vs_blog_detail_uncached" in line)
    assert "MISSED" in next(line for line in lines if "search_p50_100k_vs_blog" in line)
    assert (
        "  (p50 at 100,000 posts: blog_list 6.0 ms, search 13.0 ms, blog_detail_uncached 4.0 ms)"
        in lines
    )
    assert error_warning(results) == ""


def test_scaled_ratios_are_not_measured_without_scaling_and_their_errors_are_named():
    measured = ratios({"search": {"p50_ms": 9.0}}, None)
    failing = {"scenarios": {}, "scaling": scaling_rows(search_ms=5.0, errors=2)}

    assert measured["search_p50_100k_vs_blog_detail_uncached"] is None
    assert measured["blog_list_p50_100k_vs_1k"] is None
    assert "search at 100000 posts" in error_warning(failing)
    assert "blog_detail_uncached at 100000 posts" in error_warning(failing)


def test_a_page_of_which_no_request_was_answered_is_an_error_and_meets_no_goal():
    row = measured_row([wrk_run([])], "", None)
    measured = ratios({"search": row, "blog_detail_uncached": {"p50_ms": 4.0}}, None)

    assert row["errors"] == 1
    assert row["problem"] == "no request was answered within the run"
    assert row["p50_ms"] is None  # not 0 ms, the best figure there is
    assert measured["search_vs_blog_detail_uncached"] is None


def test_over_several_runs_each_ratio_is_reported_by_its_worst_run():
    runs = [
        {"ratios": {"cadmin_home_vs_admin_index": 3.1, "login_post_vs_hash_floor": 1.08}},
        {"ratios": {"cadmin_home_vs_admin_index": 1.4, "login_post_vs_hash_floor": 1.21}},
        {"ratios": {"cadmin_home_vs_admin_index": 2.5, "login_post_vs_hash_floor": 1.02}},
    ]

    rows = spread(runs)
    lines = spread_table(runs).splitlines()

    # ">=" goals are as bad as their smallest value, "<=" ones as their largest.
    assert rows["cadmin_home_vs_admin_index"]["worst"] == 1.4
    assert rows["login_post_vs_hash_floor"]["worst"] == 1.21
    assert rows["cadmin_home_vs_admin_index"]["met_in_every_run"] is False
    assert rows["autosave_vs_post_save"]["met_in_every_run"] is None  # never measured
    line = next(line for line in lines if line.startswith("login_post_vs_hash_floor"))
    assert "1.21" in line and "MISSED" in line and "1.08  1.21  1.02" in line


def test_the_workers_files_of_a_photo_are_compared_with_pillow_alones():
    rows = {RENDITIONS: {"p50_ms": 5200.0}, PILLOW_FLOOR: {"p50_ms": 4000.0}}

    measured = ratios(rows, None)
    lines = table({"scenarios": {}, "ratios": measured}).splitlines()

    assert measured["renditions_vs_pillow_floor"] == 1.3
    assert "ok" in next(line for line in lines if "renditions_vs_pillow_floor" in line)


def test_an_upload_is_compared_with_the_plain_save_and_a_post_with_pictures_with_it_without():
    rows = {
        "media_upload": {"p50_ms": 90.0},
        "post_save_plain": {"p50_ms": 40.0},
        "post_with_images": {"rps": 850.0},
        "post_without_images": {"rps": 1000.0},
    }

    measured = ratios(rows, None)
    lines = table({"scenarios": {}, "ratios": measured}).splitlines()

    assert measured["media_upload_vs_plain_save"] == 2.25
    assert measured["post_with_images_vs_without"] == 0.85
    assert "ok" in next(line for line in lines if "media_upload_vs_plain_save" in line)
    assert "MISSED" in next(line for line in lines if "post_with_images_vs_without" in line)


def test_the_workers_peak_memory_is_held_to_its_bound_in_megabytes():
    over = ratios({RENDITIONS_50MP: {"worker_rss_mb": 401.2}}, None)
    within = ratios({RENDITIONS_50MP: {"worker_rss_mb": 306.5}}, None)
    lines = table({"scenarios": {}, "ratios": over}).splitlines()

    assert over["renditions_peak_mb_50mp"] == 401.2  # the figure itself: a bound, not a ratio
    assert within["renditions_peak_mb_50mp"] == 306.5
    assert ratios({}, None)["renditions_peak_mb_50mp"] is None
    line = next(line for line in lines if line.startswith("renditions_peak_mb_50mp"))
    assert "401.2" in line and "goal <= 400" in line and "MISSED" in line


def test_the_table_tells_what_a_phone_downloads_for_the_post_with_pictures():
    phone = {
        "pictures": 10,
        "css_width": 375,
        "bytes_by_pixel_ratio": {"2": 900_000, "3": 2_100_000},
        "stored_bytes": 21_000_000,
        "uploaded_bytes": 40_000_000,
    }

    lines = table({"scenarios": {}, "ratios": {}, "phone": phone}).splitlines()

    assert (
        "  (a phone 375 px wide, the post with 10 pictures: 2,100 kB at 3x (10%), 900 kB at 2x "
        "(4%) of the 21,000 kB of stored pictures it would get without renditions; 40,000 kB as "
        "uploaded)"
    ) in lines
