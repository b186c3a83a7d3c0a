"""'Keep me signed in' decides whether the browser keeps the session cookie after it closes."""

import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.doors import every_door

pytestmark = [pytest.mark.browser, every_door]

FOURTEEN_DAYS = 14 * 24 * 60 * 60


def session_cookie(page) -> dict:
    [cookie] = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    return cookie


@pytest.mark.parametrize("remember", [True, False], ids=["ticked", "unticked"])
def test_keep_me_signed_in_decides_how_long_the_cookie_lasts(
    page, console, screenshot, sign_in, live_server, author, password, door, remember
):
    page.goto(door.login_url)
    before = time.time()
    sign_in("alice", password, remember_me=remember)
    expect(page).to_have_url(f"{live_server.url}{door.landing}")
    after = time.time()
    screenshot(f"{door}-signed-in-{'remembered' if remember else 'not-remembered'}")

    expires = session_cookie(page)["expires"]
    if remember:
        # The server stamps the expiry between our two clock readings (whole seconds).
        assert before + FOURTEEN_DAYS - 1 <= expires <= after + FOURTEEN_DAYS + 1
    else:
        assert expires == -1  # a browser-session cookie: gone when the browser closes
    console.assert_clean()
