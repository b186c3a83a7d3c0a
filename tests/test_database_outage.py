"""A database that cannot be reached is a "back in a moment" 503, not a crash; a bug in a
query is still our 500 page. Neither shows what went wrong inside."""

import pytest
from django.test import Client

from tests.urls_database_down import FAILURES

LEAKS = (
    "Traceback",
    "django.db",
    "OperationalError",
    "InterfaceError",
    "ProgrammingError",
    "could not connect",
    "connection already closed",
    "blog_missing",
)


@pytest.fixture
def browser(settings) -> Client:
    settings.ROOT_URLCONF = "tests.urls_database_down"
    return Client(raise_request_exception=False)


def assert_our_layout(html: str) -> None:
    assert '<a class="site-name" href="/">The Great Django Blog</a>' in html
    assert '<footer class="site-footer">' in html


def assert_nothing_leaks(html: str) -> None:
    assert [leak for leak in LEAKS if leak in html] == []


@pytest.mark.parametrize("kind", ["operational", "interface"])
def test_an_unreachable_database_gives_our_503_page_with_retry_after(browser, kind):
    response = browser.get(f"/fails/{kind}/")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert_our_layout(response.text)
    assert "We will be right back" in response.text
    assert_nothing_leaks(response.text)


def test_a_bug_in_a_query_is_still_our_500_page(browser):
    response = browser.get("/fails/programming/")

    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert_our_layout(response.text)
    assert "Something went wrong on our side" in response.text
    assert "We will be right back" not in response.text
    assert_nothing_leaks(response.text)


def test_the_failing_views_fail_with_the_database_errors_they_stand_for(settings):
    # The control: without the handler's help the exception reaches the caller unchanged.
    settings.ROOT_URLCONF = "tests.urls_database_down"
    client = Client()
    for kind, error in FAILURES.items():
        with pytest.raises(type(error)):
            client.get(f"/fails/{kind}/")
