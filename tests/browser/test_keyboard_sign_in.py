"""Signing in needs no mouse: focus starts on the username, Tab moves on, Enter submits."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# (sign-in page, where it lands, screenshot name prefix)
DOORS = [
    pytest.param("/cadmin/login/", "/cadmin/", "cadmin", id="dashboard"),
    pytest.param("/login/", "/admin_page/", "blog", id="blog"),
]


@pytest.mark.parametrize(("sign_in_path", "landing_path", "name"), DOORS)
def test_sign_in_form_is_filled_and_sent_with_the_keyboard_alone(
    page, console, screenshot, live_server, author, password, sign_in_path, landing_path, name
):
    page.goto(sign_in_path)
    username = page.get_by_label("Username or e-mail")
    expect(username).to_be_focused()

    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(password)
    expect(username).to_have_value("alice")
    screenshot(f"{name}-login-keyboard-filled")
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}{landing_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome alice")
    screenshot(f"{name}-keyboard-signed-in")
    console.assert_clean()
