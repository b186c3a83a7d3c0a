"""Guessing a password in the browser ends on the "Sign-in is paused" page."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.sessions import signed_in_user_id

pytestmark = pytest.mark.browser

WRONG_CREDENTIALS = "Wrong username, e-mail or password."


def test_fifth_wrong_password_pauses_sign_in_even_for_the_right_one(
    page, console, screenshot, sign_in, live_server, author, password
):
    assert settings.TGDB_LOCKOUT_USER_FAILURES == 5  # the default this test is about
    # Chromium logs each 429 answer below as a failed load of the sign-in page.
    console.expect_failed_load(429, "/cadmin/login/")
    page.goto("/cadmin/login/")
    heading = page.get_by_role("heading", level=1)

    for attempt in range(1, 5):
        assert sign_in("alice", "not-the-password").status == 200, f"attempt {attempt}"
        expect(page.get_by_text(WRONG_CREDENTIALS)).to_be_visible()
    screenshot("cadmin-login-fourth-wrong-password")

    assert sign_in("alice", "not-the-password").status == 429
    expect(heading).to_have_text("Sign-in is paused")
    expect(page.get_by_text("paused for 15 minutes")).to_be_visible()
    screenshot("cadmin-login-locked-out")

    page.goto("/cadmin/login/")
    assert sign_in("alice", password).status == 429
    expect(heading).to_have_text("Sign-in is paused")
    assert signed_in_user_id(page) is None
    screenshot("cadmin-login-locked-out-right-password")

    page.goto("/cadmin/")
    expect(page).to_have_url(f"{live_server.url}/cadmin/login/?next=/cadmin/")
    screenshot("cadmin-login-after-lockout")
    console.assert_clean()
