"""A tiny run of the benchmark (`python -m bench`), so that it cannot rot: every scenario is
measured without errors and reported as numbers, and so is the storm after them. Timings are
never asserted."""

import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from bench.prepare import long_post_slug
from bench.scenarios import (
    CALM_READERS,
    EARLIER_REVISIONS,
    EDITOR,
    KNOWN_DEVICE_LOGIN,
    PICTURES_IN_POST,
    PILLOW_FLOOR,
    PLAIN_POST,
    RATIOS,
    RENDITIONS,
    RENDITIONS_50MP,
    REVISED_POST,
    SCALED_SCENARIOS,
    SCENARIO_NAMES,
    SCENARIOS,
    SESSIONS_LISTED,
    SESSIONS_USER,
    STEADY,
    STORM_ATTACKERS,
    STORM_READER_ROWS,
    storm_attackers,
)
from bench.server import REPO_ROOT, environment
from bench.steady import STEADY_CONNECTIONS
from bench.storm import ATTACKER_ANSWERS, READERS
from tests.services import REQUIRE_SERVICES

pytestmark = pytest.mark.own_services

PAGE_FIGURES = ("rps", "p50_ms", "p99_ms", "errors", "queries", "worker_rss_mb")
# Signing in with a second factor: the password step (wrk), a passkey and an app's code (Python).
SECOND_FACTOR_SCENARIOS = ("login_password_step_2fa", "passkey_login", "login_second_step")
SECOND_FACTOR_RATIOS = ("passkey_login_vs_password_login", "password_step_2fa_vs_hash_floor")
# Saving a long post: the editor's save, the plain save of before revisions, the autosave.
SAVE_SCENARIOS = ("post_save", "post_save_plain", "autosave")
SAVE_RATIOS = {"post_save_vs_plain_save": "<= 1.5", "autosave_vs_post_save": "<= 1"}
# Pictures: an upload (sent from Python as the saves are), the worker's files beside Pillow's,
# the post with pictures beside the same post without, and a worker's peak memory.
MEDIA_RATIOS = {
    "media_upload_vs_plain_save": "<= 3",
    "renditions_vs_pillow_floor": "<= 1.3",
    "post_with_images_vs_without": ">= 0.9",
    "renditions_peak_mb_50mp": "<= 400",
}
STORM_RATIOS = (
    "storm_reader_p99_vs_calm",
    "storm_reader_rps_vs_calm",
    "storm_known_device_login_vs_hash_floor",
)
# An account's rows in the sessions list whose sessions the store holds, unexpired.
LIVE_SESSIONS = """
SELECT count(*) FROM usersessions_usersession AS listed
JOIN accounts_user AS account ON account.id = listed.user_id
JOIN django_session AS stored ON stored.session_key = listed.session_key
WHERE account.username = ? AND stored.expire_date > ?
"""
# The editor's posts, each with its revisions.
LONG_POSTS = """
SELECT post.slug, count(revision.id) FROM blog_post AS post
JOIN accounts_user AS account ON account.id = post.author_id
LEFT JOIN revisions_postrevision AS revision ON revision.post_id = post.id
WHERE account.username = ? GROUP BY post.id
"""
# A deadline for the whole smoke run, not a measure of it: a machine busy with other work may
# take many times its usual minute or two, and a slow page gets longer slices (load.longer_slices).
SMOKE_DEADLINE_SECONDS = 1800
SMOKE_ARGS = [
    "--posts", "50", "--seconds", "1", "--workers", "1", "--connections", "2",
    "--scaling", "--scaling-sizes", "20", "60", "--steady-seconds", "2",
    "--photo-size", "320x240", "--large-photo-size", "960x720",
]  # fmt: skip


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def run_module(module: str, database, *args: str) -> subprocess.CompletedProcess:
    """`python -m <module> ARGS` on the SQLite file `database`, as a user would run it."""
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", module, *args],
        env=environment(DATABASE_URL=f"sqlite:///{database}"),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=SMOKE_DEADLINE_SECONDS,
    )


def installed_wrk() -> str:
    """wrk's path; the test is skipped without it, or fails where every service is required."""
    found = shutil.which("wrk")
    if found is None:
        message = "wrk is not installed (apt-get install wrk)"
        if REQUIRE_SERVICES:
            pytest.fail(f"{message}; TGDB_REQUIRE_SERVICES=1 needs it.")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory):
    """(completed process, results JSON, output folder) of one smoke run."""
    installed_wrk()
    folder = tmp_path_factory.mktemp("bench")
    output = folder / "results"
    # A database of its own: the bench empties the one it is given.
    result = run_module("bench", folder / "bench.sqlite3", *SMOKE_ARGS, "--output", str(output))
    results = json.loads((output / "latest.json").read_text()) if result.returncode == 0 else {}
    return result, results, output


def profile(database, *args: str) -> subprocess.CompletedProcess:
    return run_module("bench.profile", database, *args, "--requests", "5")


def test_bench_finishes_without_errors(bench_run):
    result, _, _ = bench_run

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_json_has_every_scenario_of_the_issue(bench_run):
    _, results, _ = bench_run

    assert list(results["scenarios"]) == list(SCENARIO_NAMES)
    assert results["posts"] == 50
    assert results["machine"]["cores"] >= 1


@pytest.mark.parametrize("name", [scenario.name for scenario in SCENARIOS])
def test_every_page_is_measured_as_numbers_without_errors(bench_run, name):
    _, results, _ = bench_run
    row = results["scenarios"][name]

    assert row["errors"] == 0, row
    assert "problem" not in row
    assert all(is_number(row[figure]) for figure in PAGE_FIGURES), row
    assert row["requests"] > 0


@pytest.mark.parametrize("name", (*SECOND_FACTOR_SCENARIOS, *SAVE_SCENARIOS, "media_upload"))
def test_sign_ins_saves_and_uploads_are_measured_one_at_a_time_without_errors(bench_run, name):
    _, results, _ = bench_run
    row = results["scenarios"][name]

    # Every sample was checked to land where it should: a wrong answer (a refused sign-in, a
    # save's 409 from a version not counted right) would be an error.
    assert row["errors"] == 0, row
    assert row["requests"] > 0
    assert row["connections"] == 1
    assert row["queries"] > 0
    assert row["p50_ms"] <= row["p99_ms"]


@pytest.mark.parametrize("key", SECOND_FACTOR_RATIOS)
def test_second_factor_ratios_are_numbers_with_goals(bench_run, key):
    result, results, _ = bench_run

    assert is_number(results["ratios"][key]), results["ratios"]
    assert results["goals"][key].startswith("<=")
    assert key in result.stdout


@pytest.mark.parametrize(("key", "goal"), {**SAVE_RATIOS, **MEDIA_RATIOS}.items())
def test_save_and_media_ratios_are_numbers_with_goals(bench_run, key, goal):
    result, results, _ = bench_run

    assert is_number(results["ratios"][key]), results["ratios"]
    assert results["goals"][key] == goal
    assert key in result.stdout


def test_the_workers_files_of_each_photo_are_timed_beside_pillow_alone(bench_run):
    _, results, _ = bench_run
    rows = results["scenarios"]

    for name in (RENDITIONS, PILLOW_FLOOR):
        # Each of the post's photos, its files made by the worker's task and by Pillow alone:
        # the probe fails the run unless every one was made ready (bench/pictures.py).
        assert rows[name]["repetitions"] == PICTURES_IN_POST
        assert rows[name]["photo"] == "320x240"
        assert rows[name]["rps"] is None  # not a page
        assert 0 < rows[name]["p50_ms"] <= rows[name]["p99_ms"]
    assert rows[RENDITIONS]["queries"] > 0  # the worker records what it made
    assert rows[PILLOW_FLOOR]["queries"] == 0


def test_a_fresh_workers_peak_memory_is_read_on_the_large_photo(bench_run):
    _, results, _ = bench_run
    row = results["scenarios"][RENDITIONS_50MP]

    assert row["photo"] == "960x720"
    assert row["worker_rss_mb"] > 30  # Django and the photo, at the least
    assert results["ratios"]["renditions_peak_mb_50mp"] == row["worker_rss_mb"]
    assert row["photo_bytes"] > 0
    assert is_number(row["p50_ms"])


def test_what_a_phone_downloads_for_the_post_with_pictures_is_told(bench_run):
    result, results, _ = bench_run
    phone = results["phone"]
    by_ratio = phone["bytes_by_pixel_ratio"]

    assert phone["pictures"] == PICTURES_IN_POST
    assert 0 < by_ratio["2"] <= by_ratio["3"] < phone["stored_bytes"] < phone["uploaded_bytes"]
    assert f"a phone 375 px wide, the post with {PICTURES_IN_POST} pictures" in result.stdout


def test_the_long_posts_are_built_with_their_revisions(bench_run):
    _, _, output = bench_run
    database = output.parent / "bench.sqlite3"  # the last one: the scaling's, never saved

    with contextlib.closing(sqlite3.connect(database)) as connection:
        posts = dict(connection.execute(LONG_POSTS, [EDITOR]).fetchall())

    assert posts == {long_post_slug(REVISED_POST): EARLIER_REVISIONS, long_post_slug(PLAIN_POST): 0}


@pytest.mark.parametrize("name", [CALM_READERS, *STORM_READER_ROWS])
def test_readers_of_the_post_list_are_measured_calm_and_in_each_storm(bench_run, name):
    _, results, _ = bench_run
    row = results["scenarios"][name]

    # Every reader's answer was a 2xx, with no socket error, and some came back in the time.
    assert row["errors"] == 0, row
    assert row["requests"] > 0
    assert row["connections"] == READERS
    assert is_number(row["p50_ms"])
    assert row["p50_ms"] <= row["p99_ms"]


@pytest.mark.parametrize("attackers", STORM_ATTACKERS)
def test_each_storms_attackers_answers_are_counted_by_status(bench_run, attackers):
    _, results, _ = bench_run
    row = results["scenarios"][storm_attackers(attackers)]

    assert row["connections"] == attackers
    assert row["errors"] == 0, row  # no answer but a wrong password, paused or busy
    assert {int(status) for status in row["statuses"]} <= set(ATTACKER_ANSWERS)
    assert sum(row["statuses"].values()) == row["requests"] > 0
    assert set(row["socket_errors"]) == {"connect", "read", "write", "timeout"}
    assert is_number(row["rps"])


def test_a_known_browser_signs_in_during_every_storm(bench_run):
    _, results, _ = bench_run
    row = results["scenarios"][KNOWN_DEVICE_LOGIN]

    # Each answer was checked to be a 302 to /cadmin/: any other would be an error.
    assert row["errors"] == 0, row
    assert set(row["by_storm"]) == {str(attackers) for attackers in STORM_ATTACKERS}
    assert all(storm["requests"] > 0 for storm in row["by_storm"].values())
    assert row["requests"] == sum(storm["requests"] for storm in row["by_storm"].values())
    assert row["connections"] == 1
    assert row["p50_ms"] <= row["p99_ms"]


@pytest.mark.parametrize("key", STORM_RATIOS)
def test_storm_ratios_are_numbers_with_goals(bench_run, key):
    result, results, _ = bench_run

    assert is_number(results["ratios"][key]), results["ratios"]
    assert results["goals"][key].split()[0] in ("<=", ">=")
    assert key in result.stdout


def test_the_table_lists_each_storms_attackers_answers(bench_run):
    result, results, _ = bench_run

    for attackers in STORM_ATTACKERS:
        name = storm_attackers(attackers)
        [line] = [line for line in result.stdout.splitlines() if line.startswith(f"{name} ")]
        for status, count in results["scenarios"][name]["statuses"].items():
            assert f"{status}: {count:,}" in line


def test_readers_are_measured_steadily_on_the_production_servers_recycling(bench_run):
    result, results, _ = bench_run
    row = results["scenarios"][STEADY]

    assert row["errors"] == 0, row
    assert row["requests"] > 0
    assert row["connections"] == STEADY_CONNECTIONS
    assert row["seconds"] == 2
    assert row["p50_ms"] <= row["p99_ms"] <= row["p999_ms"]
    assert row["workers_replaced"] >= 0  # how many depends on the machine's speed
    assert "workers replaced in 2 s" in result.stdout
    assert is_number(results["ratios"]["steady_p99_vs_p50"])


def test_hash_floor_is_one_password_check_in_process(bench_run):
    _, results, _ = bench_run
    row = results["scenarios"]["hash_floor"]

    assert row["errors"] == 0
    assert is_number(row["p50_ms"])
    assert is_number(row["p99_ms"])
    assert row["rps"] is None  # not a page


def test_every_ratio_of_the_issue_is_a_number(bench_run):
    _, results, _ = bench_run

    assert set(results["ratios"]) == {ratio.key for ratio in RATIOS}
    assert all(is_number(value) for value in results["ratios"].values()), results["ratios"]


@pytest.mark.parametrize("size", ["small", "large"])
def test_scaling_measures_lists_search_and_a_fresh_post_on_both_sizes(bench_run, size):
    _, results, _ = bench_run
    scaling = results["scaling"]

    assert (scaling["small_posts"], scaling["large_posts"]) == (20, 60)
    assert list(scaling[size]) == list(SCALED_SCENARIOS)
    for row in scaling[size].values():
        assert row["errors"] == 0, row
        assert "problem" not in row
        assert is_number(row["p50_ms"])
        assert row["requests"] > 0


def test_the_search_and_the_fresh_post_are_drawn_with_queries_the_feed_from_the_cache(bench_run):
    _, results, _ = bench_run
    rows = results["scenarios"]

    # Drawn afresh: their queries are counted on a cache that has never seen the address.
    assert rows["search"]["queries"] > 0
    assert rows["blog_detail_uncached"]["queries"] > rows["blog_detail"]["queries"]
    assert rows["feed"]["queries"] == rows["blog_list"]["queries"]


def test_table_and_chart_are_written(bench_run):
    result, _, output = bench_run

    for name in SCENARIO_NAMES:
        assert f"\n{name} " in result.stdout
    for ratio in RATIOS:
        assert ratio.key in result.stdout
    assert (output / "latest.png").read_bytes().startswith(b"\x89PNG")
    assert len(list(output.glob("bench-*.json"))) == 1
    assert len(list(output.glob("bench-*.png"))) == 1


def test_sessions_page_is_measured_with_its_sessions_live_in_the_store(bench_run):
    _, results, output = bench_run
    row = results["scenarios"]["sessions_page"]
    database = output.parent / "bench.sqlite3"  # the last one: the scaling's, no sign-ins
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")

    with contextlib.closing(sqlite3.connect(database)) as connection:
        (live,) = connection.execute(LIVE_SESSIONS, [SESSIONS_USER, now]).fetchone()

    # The probe already failed the run unless the page listed all of them (bench/probes.py).
    assert row["errors"] == 0, row
    assert row["queries"] > 0
    assert live == SESSIONS_LISTED - 1  # the bench's own sign-in is the last


def test_profile_shows_where_a_signed_in_page_spends_its_time(bench_run):
    result, _, output = bench_run
    assert result.returncode == 0
    database = output.parent / "bench.sqlite3"  # the smoke run's last database

    profiled = profile(database, "/cadmin/", "--as", "bench_author")

    assert profiled.returncode == 0, profiled.stderr
    assert "HomeView" in profiled.stdout
    assert "/cadmin/: 5 requests" in profiled.stdout


def test_profile_says_which_user_is_missing(bench_run):
    _, _, output = bench_run

    profiled = profile(output.parent / "bench.sqlite3", "/cadmin/", "--as", "nobody")

    assert profiled.returncode == 2
    assert "No user 'nobody'" in profiled.stderr
