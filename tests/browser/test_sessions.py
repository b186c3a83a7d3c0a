"""The sessions page in real browsers: one signs out another, which is asked to sign in again
on its very next click."""

import re

import pytest
from playwright.sync_api import expect

from accounts.browsers import browser_name
from accounts.models import AccountEvent
from tests.browser.conftest import SCREENSHOTS, ConsoleWatch, browser_tab
from tests.browser.sessions import signed_in_user_id
from usersessions.models import UserSession

pytestmark = pytest.mark.browser

ROWS = "table.sessions tbody tr"


@pytest.fixture
def other_console(live_server) -> ConsoleWatch:
    return ConsoleWatch(base_url=live_server.url)


@pytest.fixture
def other_page(chromium, live_server, transactional_db, other_console):
    """A second browser: a context of its own, so cookies and sessions are its own too."""
    with browser_tab(chromium, live_server.url, other_console) as tab:
        yield tab


def sign_in_on(tab, live_server, username: str, password: str) -> None:
    """The dashboard's sign-in form, filled and sent as a person would."""
    tab.goto("/cadmin/login/")
    tab.get_by_label("Username or e-mail").fill(username)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in", exact=True).click()
    expect(tab).to_have_url(f"{live_server.url}/cadmin/")


def test_signing_out_another_browser_sends_it_to_the_sign_in_page(
    page, console, screenshot, other_page, other_console, live_server, author, password
):
    sign_in_on(page, live_server, "alice", password)
    sign_in_on(other_page, live_server, "alice", password)
    assert signed_in_user_id(other_page) == str(author.pk)
    # What the page should call the other browser: its name for people, never the raw string.
    other_name = browser_name(other_page.evaluate("navigator.userAgent"))
    rows = page.locator(ROWS)

    page.get_by_role("link", name="Sessions", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/cadmin/sessions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where you are signed in")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="This browser")).to_have_count(1)
    other_row = rows.filter(has_not_text="This browser")
    expect(other_row).to_contain_text(other_name)
    expect(other_row).to_contain_text("127.0.0.1")
    expect(other_row).to_contain_text("Dashboard (/cadmin/)")
    expect(rows.get_by_role("button")).to_have_count(1)  # none to sign this browser out
    expect(page.get_by_role("link", name="Sign out everywhere else")).to_be_visible()
    screenshot("sessions-two-browsers")

    # Its name also says where and when, so two alike browsers are told apart.
    other_row.get_by_role("button", name=re.compile(f"^Sign out {re.escape(other_name)}, ")).click()

    expect(page).to_have_url(f"{live_server.url}/cadmin/sessions/")
    expect(page.locator(".messages")).to_have_text(f"Signed out {other_name}.")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("This browser")
    expect(page.get_by_role("link", name="Sign out everywhere else")).to_have_count(0)
    assert signed_in_user_id(page) == str(author.pk)
    screenshot("sessions-other-signed-out")

    # The other browser still shows the dashboard it had; its next click finds no session.
    other_page.get_by_role("link", name="Posts", exact=True).click()

    expect(other_page).to_have_url(f"{live_server.url}/cadmin/login/?next=/cadmin/posts/")
    expect(other_page.get_by_role("heading", level=1)).to_have_text("Sign in to the dashboard")
    # The sign-in page may hand it an anonymous session for passkey autofill: nobody's.
    assert signed_in_user_id(other_page) is None
    other_page.screenshot(path=SCREENSHOTS / "sessions-signed-out-elsewhere.png", full_page=True)

    assert UserSession.objects.filter(user=author).count() == 1
    ended = AccountEvent.objects.get(kind=AccountEvent.Kind.SESSION_ENDED)
    assert (ended.user, ended.detail) == (author, other_name)
    console.assert_clean()
    other_console.assert_clean()
