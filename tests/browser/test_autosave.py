"""Autosave in the post editor: unsaved text survives a closed tab, from the server or, when
the network is gone, from the browser's own copy."""

import pytest
from playwright.sync_api import expect

from editing.models import Autosave
from tests.factories import PostFactory

from .editors import RequestsInFlight, screenshots

pytestmark = pytest.mark.browser

TYPED = "Bees need water too, even in spring."
SERVER_OFFER = "[data-server-offer]"
BROWSER_OFFER = "[data-local-offer]"


@pytest.fixture
def post(author):
    return PostFactory(author=author, title="Keeping bees", body="Old words.")


def editor(post) -> str:
    return f"/cadmin/post/update/{post.pk}/"


def is_autosave_of(post):
    path = f"/cadmin/post/{post.pk}/autosave/"
    return lambda response: response.url.endswith(path) and response.request.method == "POST"


def reopen(page, console, url: str):
    """Close the tab and open `url` in a new one of the same browser (cookies, storage)."""
    context = page.context
    RequestsInFlight.of(page).leave_editor()
    page.close()
    tab = context.new_page()
    tab.on("console", console.on_console)
    tab.on("pageerror", console.on_page_error)
    RequestsInFlight.of(tab)
    tab.goto(url)
    return tab


def test_unsaved_changes_are_restored_after_the_tab_was_closed(
    page, console, sign_in, live_server, post, password
):
    RequestsInFlight.of(page)
    page.goto(f"/cadmin/login/?next={editor(post)}")
    sign_in("alice", password)

    with page.expect_response(is_autosave_of(post)) as autosave:
        page.get_by_label("Body").fill(TYPED)
    assert autosave.value.status == 200
    expect(page.get_by_text("Draft saved at")).to_be_visible()
    screenshots(page, "editor-autosaved")
    post.refresh_from_db()
    assert post.body == "Old words."  # autosave never touches the post

    tab = reopen(page, console, editor(post))
    offer = tab.locator(SERVER_OFFER)
    expect(offer).to_contain_text("Restore your unsaved changes from")
    expect(tab.locator(BROWSER_OFFER)).to_be_hidden()  # the server has the newest copy
    screenshots(tab, "editor-restore-offer")
    tab.get_by_role("link", name="Restore", exact=True).click()

    expect(tab.get_by_label("Body")).to_have_value(TYPED)
    expect(tab.get_by_text("Restored your unsaved changes from")).to_be_visible()
    tab.get_by_role("button", name="Save changes").click()

    expect(tab).to_have_url(f"{live_server.url}/cadmin/posts/")
    post.refresh_from_db()
    assert post.body == TYPED
    assert not Autosave.objects.exists()
    tab.goto(editor(post))
    expect(tab.locator(SERVER_OFFER)).to_have_count(0)
    expect(tab.locator(BROWSER_OFFER)).to_be_hidden()
    assert tab.evaluate("localStorage.length") == 0  # the browser copy is older than the post
    RequestsInFlight.of(tab).leave_editor()
    console.assert_clean()


def test_discarding_keeps_the_post_and_offers_nothing_again(page, console, sign_in, post, password):
    RequestsInFlight.of(page)
    page.goto(f"/cadmin/login/?next={editor(post)}")
    sign_in("alice", password)
    with page.expect_response(is_autosave_of(post)):
        page.get_by_label("Body").fill(TYPED)

    tab = reopen(page, console, editor(post))
    tab.get_by_role("button", name="Discard").click()

    expect(tab.locator(SERVER_OFFER)).to_be_hidden()
    assert not Autosave.objects.exists()
    tab.reload()
    expect(tab.get_by_label("Body")).to_have_value("Old words.")
    expect(tab.locator(SERVER_OFFER)).to_have_count(0)
    expect(tab.locator(BROWSER_OFFER)).to_be_hidden()
    RequestsInFlight.of(tab).leave_editor()
    console.assert_clean()


def test_the_browser_copy_is_offered_when_the_autosave_could_not_reach_the_server(
    page, console, sign_in, live_server, post, password
):
    RequestsInFlight.of(page)
    page.goto(f"/cadmin/login/?next={editor(post)}")
    sign_in("alice", password)
    page.route(f"**/cadmin/post/{post.pk}/autosave/", lambda route: route.abort())

    page.get_by_label("Body").fill(TYPED)
    expect(page.get_by_text("the server cannot be reached")).to_be_visible()
    screenshots(page, "editor-autosave-offline")
    assert not Autosave.objects.exists()

    tab = reopen(page, console, editor(post))
    offer = tab.locator(BROWSER_OFFER)
    expect(offer).to_contain_text("Restore your unsaved changes from ")
    expect(offer).to_contain_text(", kept in this browser")
    expect(tab.locator(SERVER_OFFER)).to_have_count(0)
    expect(tab.get_by_label("Body")).to_have_value("Old words.")
    screenshots(tab, "editor-browser-copy-offer")
    tab.get_by_role("button", name="Restore", exact=True).click()

    expect(tab.get_by_label("Body")).to_have_value(TYPED)
    expect(offer).to_be_hidden()
    tab.get_by_role("button", name="Save changes").click()

    expect(tab).to_have_url(f"{live_server.url}/cadmin/posts/")
    post.refresh_from_db()
    assert post.body == TYPED
    tab.goto(editor(post))
    expect(tab.locator(BROWSER_OFFER)).to_be_hidden()
    assert tab.evaluate("localStorage.length") == 0
    RequestsInFlight.of(tab).leave_editor()
    # The aborted requests are the test's doing; anything else is a fault.
    aborted = f"net::ERR_FAILED (at {live_server.url}/cadmin/post/{post.pk}/autosave/)"
    assert [error for error in console.unexpected() if not error.endswith(aborted)] == []
