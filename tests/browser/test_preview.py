"""Preview: the editor's Preview button opens the unsaved post as readers will see it, in a
new tab, with no script involved, and the editor keeps its text."""

import pytest
from playwright.sync_api import expect

from blog.models import Post
from tests.browser.conftest import SCREENSHOTS
from tests.factories import PostFactory

pytestmark = pytest.mark.browser


def test_preview_opens_the_unsaved_post_beside_the_editor(
    page, console, screenshot, sign_in, live_server, author, password
):
    post = PostFactory(author=author, title="Saved title", body="Saved words.", status="draft")
    editor = f"/cadmin/post/update/{post.pk}/"
    page.goto(f"/cadmin/login/?next={editor}")
    sign_in("alice", password)
    expect(page).to_have_url(f"{live_server.url}{editor}")

    page.get_by_label("Title").fill("Title not saved yet")
    page.get_by_label("Body").fill("A **bold** claim, previewed.")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview", exact=True).click()
    preview = opened.value
    preview.wait_for_load_state()

    expect(preview.get_by_role("heading", level=1)).to_have_text("Title not saved yet")
    expect(preview.locator(".post-body strong")).to_have_text("bold")
    expect(preview.get_by_text("Preview: this is the post as readers will see it.")).to_be_visible()
    preview.screenshot(path=SCREENSHOTS / "cadmin-post-preview.png", full_page=True)
    screenshot("cadmin-post-editor-after-preview")
    expect(page.get_by_label("Body")).to_have_value("A **bold** claim, previewed.")
    post.refresh_from_db()
    assert (post.title, post.body) == ("Saved title", "Saved words.")
    assert Post.objects.count() == 1
    console.assert_clean()
