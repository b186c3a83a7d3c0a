"""The dashboard's frame in Chromium: on a phone the navigation waits behind a Menu button that
opens without JavaScript; on a wide screen it stands in a column beside the page, with no
button, and the page (the editor above all) takes the rest of the width."""

import pytest
from playwright.sync_api import expect

from blog.models import Post
from tests.browser.conftest import browser_tab
from tests.browser.editors import sign_in_at
from tests.browser.test_accessibility import assert_no_violations
from tests.factories import PostFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 800}
# The links of an editor's navigation: every one but People (an administrator's).
EDITORS_LINKS = 13
# The messages' own margin below them (1rem), and no more: the column's height is not theirs.
MESSAGES_MARGIN = 17
# Wider than a reader's column (52rem, 832 px): what the editor gained.
WIDER_THAN_A_READERS_COLUMN = 900


@pytest.fixture
def draft(editor):
    return PostFactory(author=editor, title="Notes on passkeys", status=Post.Status.DRAFT)


def menu_button(tab):
    return tab.locator(".dashboard-menu > summary")


def nav_link(tab, label: str):
    """The link, found even out of sight: whether it shows is what is asked of it."""
    return tab.locator(".dashboard-nav").get_by_role(
        "link", name=label, exact=True, include_hidden=True
    )


def expect_every_link_shown(tab) -> None:
    """A link out of sight (a closed menu) is no link to a person: it would not be counted."""
    links = tab.get_by_role("navigation", name="Dashboard").get_by_role("link")
    expect(links).to_have_count(EDITORS_LINKS)
    for number in range(EDITORS_LINKS):
        expect(links.nth(number)).to_be_visible()


def open_the_menu_and_follow_sessions(tab, live_server) -> None:
    expect(menu_button(tab)).to_be_visible()
    expect(menu_button(tab)).to_have_text("Menu")
    expect(nav_link(tab, "Sessions")).to_be_hidden()

    menu_button(tab).click()

    expect_every_link_shown(tab)
    nav_link(tab, "Sessions").click()
    expect(tab).to_have_url(f"{live_server.url}/cadmin/sessions/")
    expect(tab.locator('.dashboard-nav a[aria-current="page"]')).to_have_text("Sessions")
    # A new page starts with the menu closed again: the page itself comes first.
    expect(nav_link(tab, "Sessions")).to_be_hidden()


def test_on_a_phone_the_menu_button_opens_the_navigation(
    page, console, screenshot, live_server, editor, password, draft
):
    page.set_viewport_size(PHONE)
    sign_in_at(page, "/cadmin/", editor.username, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome edith")
    screenshot("dashboard-375-closed")
    menu_button(page).click()
    expect(nav_link(page, "Home")).to_be_visible()
    screenshot("dashboard-375")
    assert_no_violations(page)
    menu_button(page).click()  # closed again

    open_the_menu_and_follow_sessions(page, live_server)
    console.assert_clean()


def test_on_a_phone_the_menu_works_without_javascript(
    chromium, console, live_server, editor, password, draft
):
    with browser_tab(
        chromium, live_server.url, console, java_script_enabled=False, viewport=PHONE
    ) as tab:
        sign_in_at(tab, "/cadmin/", editor.username, password)
        expect(tab.get_by_role("heading", level=1)).to_have_text("Welcome edith")

        open_the_menu_and_follow_sessions(tab, live_server)


def test_on_a_wide_screen_the_navigation_stands_beside_the_page(
    page, console, screenshot, live_server, editor, password, draft
):
    page.set_viewport_size(WIDE)
    sign_in_at(page, "/cadmin/", editor.username, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome edith")

    expect(menu_button(page)).to_be_hidden()
    expect_every_link_shown(page)
    expect(page.locator('.dashboard-nav a[aria-current="page"]')).to_have_text("Home")
    nav = page.get_by_role("navigation", name="Dashboard").bounding_box()
    content = page.locator(".dashboard-page").bounding_box()
    assert nav["x"] + nav["width"] <= content["x"], "the page starts where the column ends"
    assert abs(nav["y"] - content["y"]) < 1, "side by side, not one above the other"
    assert content["width"] > WIDER_THAN_A_READERS_COLUMN
    screenshot("dashboard-1280")
    assert_no_violations(page)

    nav_link(page, "Posts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All posts")
    page.get_by_role("link", name="Edit", exact=True).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Notes on passkeys”")
    expect(page.locator('.dashboard-nav a[aria-current="page"]')).to_have_text("Posts")
    heading = page.get_by_role("heading", level=1)
    editor_card = page.locator("section.card", has=heading).bounding_box()
    assert editor_card["width"] > WIDER_THAN_A_READERS_COLUMN
    screenshot("dashboard-1280-editor")

    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("Post updated.")).to_be_visible()
    message = page.locator(".messages").bounding_box()
    nav = page.get_by_role("navigation", name="Dashboard").bounding_box()
    content = page.locator(".dashboard-page").bounding_box()
    assert message["x"] == content["x"], "the message stands above the page, beside the column"
    assert abs(message["y"] - nav["y"]) < 1
    assert content["y"] - (message["y"] + message["height"]) < MESSAGES_MARGIN
    console.assert_clean()
