"""Both doors, in a real browser: sign in, be sent on, sign out, and be asked to sign in again."""

import pytest
from playwright.sync_api import expect

from tests.browser.sessions import signed_in_user_id
from tests.doors import BLOG, CADMIN

pytestmark = pytest.mark.browser

WRONG_CREDENTIALS = "Wrong username, e-mail or password."


# (door, its sign-in page heading); each door's protected page is where sign-in lands.
DOORS = [(CADMIN, "Sign in to the dashboard"), (BLOG, "Sign in")]


@pytest.mark.parametrize(("door", "sign_in_heading"), DOORS, ids=[str(d) for d, _ in DOORS])
def test_round_trip_through_the_door(
    page, console, screenshot, sign_in, live_server, author, password, door, sign_in_heading
):
    heading = page.get_by_role("heading", level=1)
    asked_to_sign_in = f"{live_server.url}{door.login_url}?next={door.landing}"
    page.goto(door.landing)
    expect(page).to_have_url(asked_to_sign_in)
    expect(heading).to_have_text(sign_in_heading)
    screenshot(f"{door}-login-next")

    sign_in("alice", "not-the-password")
    expect(page.get_by_text(WRONG_CREDENTIALS)).to_be_visible()
    assert signed_in_user_id(page) is None
    screenshot(f"{door}-login-wrong-password")

    sign_in("alice", password)
    expect(page).to_have_url(f"{live_server.url}{door.landing}")
    expect(heading).to_have_text("Welcome alice")
    screenshot(f"{door}-signed-in")

    page.goto(door.login_url)
    expect(page).to_have_url(f"{live_server.url}{door.landing}")

    page.get_by_role("button", name="Logout", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}{door.logout_url}")
    expect(heading).to_have_text("You are signed out")
    assert signed_in_user_id(page) is None
    screenshot(f"{door}-logout-signed-out")

    page.goto(door.landing)
    expect(page).to_have_url(asked_to_sign_in)
    expect(heading).to_have_text(sign_in_heading)
    screenshot(f"{door}-login-after-sign-out")

    console.assert_clean()
