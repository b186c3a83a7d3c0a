"""The console check of the other browser tests can fail: a CSP violation is caught."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_inline_script_is_refused_by_csp_and_reported(page, console, live_server):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "document.body.dataset.ran = 'yes'";
              document.body.append(script);
            }"""
        )

    expect(page.locator("body")).not_to_have_attribute("data-ran", "yes")
    assert any("Content Security Policy" in error for error in console.unexpected())
    with pytest.raises(AssertionError, match="Content Security Policy"):
        console.assert_clean()


def test_an_expected_failed_load_excuses_only_that_status_and_page(page, console, live_server):
    console.expect_failed_load(429, "/cadmin/login/")
    with page.expect_console_message(lambda message: "status of 404" in message.text):
        page.goto("/no-such-page/")

    with pytest.raises(AssertionError, match=r"status of 404 .*/no-such-page/"):
        console.assert_clean()
