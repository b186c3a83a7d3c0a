"""The second pass (`python -m tests.run_on_services`) runs what depends on the database or the
cache (tests/backends.py): the modules marked so, and every test that counts queries."""

from tests.processes import run
from tests.run_on_services import PYTEST_ARGS

SEARCH = "blog/tests/test_search.py"
REDIRECTS = "tests/test_redirects.py"
DASHBOARD_HOME = "cadmin/tests/test_home.py"  # some of its tests count queries, most do not
COUNTS_QUERIES = "test_home_query_count_does_not_grow_with_the_number_of_posts"
COUNTS_NONE = "test_home_renders_the_dashboard_template"


def selected_for_the_second_pass(*paths: str) -> list[str]:
    """The test ids the second pass would run among `paths`, as pytest collects them."""
    return collected_ids(*PYTEST_ARGS, *paths)


def every_test_in(*paths: str) -> list[str]:
    return collected_ids(*paths)


def collected_ids(*args: str) -> list[str]:
    collected = run(["-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", *args])
    assert collected.returncode in (0, 5), collected.stdout + collected.stderr  # 5: none chosen
    return [line for line in collected.stdout.splitlines() if "::" in line]


def test_a_module_about_the_database_runs_whole_and_one_about_pages_not_at_all():
    chosen = selected_for_the_second_pass(SEARCH, REDIRECTS)

    assert chosen == every_test_in(SEARCH)
    assert not any(test.startswith(REDIRECTS) for test in chosen)


def test_a_test_that_counts_queries_is_chosen_by_itself():
    chosen = selected_for_the_second_pass(DASHBOARD_HOME)

    assert f"{DASHBOARD_HOME}::{COUNTS_QUERIES}" in chosen
    assert f"{DASHBOARD_HOME}::{COUNTS_NONE}" not in chosen
