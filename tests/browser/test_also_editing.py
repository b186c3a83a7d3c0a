"""Two people with the same post open each see that the other is editing it."""

import pytest
from playwright.sync_api import expect

from tests import patience
from tests.factories import PostFactory

from .conftest import browser_tab
from .editors import RequestsInFlight, screenshots, sign_in_at

pytestmark = pytest.mark.browser

ROOT_EDITING = "root is also editing this post."
ALICE_EDITING = "alice is also editing this post."


def test_each_editor_says_who_else_has_the_post_open(
    page, chromium, console, live_server, settings, author, superuser, password
):
    settings.TGDB_EDITING_PING_SECONDS = 1
    post = PostFactory(author=author, title="Keeping bees")
    editor = f"/cadmin/post/update/{post.pk}/"

    RequestsInFlight.of(page)
    sign_in_at(page, editor, "alice", password)
    expect(page.get_by_text("also editing")).to_be_hidden()  # alone so far

    with browser_tab(chromium, live_server.url, console) as root_tab:
        RequestsInFlight.of(root_tab)
        sign_in_at(root_tab, editor, "root", password)
        # Drawn by the server with the page: Alice had it open already.
        expect(root_tab.get_by_text(ALICE_EDITING)).to_be_visible()
        # Alice's page hears of Root at its next ping, a second later.
        expect(page.get_by_text(ROOT_EDITING)).to_be_visible(timeout=patience.BROWSER_MS)
        screenshots(page, "editor-also-editing")
        screenshots(root_tab, "editor-also-editing-other-side")
        RequestsInFlight.of(root_tab).leave_editor()

    # Root has left: after 2.5 pings' time without a word from Root, Alice's page says so.
    expect(page.get_by_text(ROOT_EDITING)).to_be_hidden(timeout=patience.BROWSER_MS)
    RequestsInFlight.of(page).leave_editor()
    console.assert_clean()
