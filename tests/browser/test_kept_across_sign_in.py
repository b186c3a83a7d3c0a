"""The newcomer's story: signed out in one tab, Save pressed in another, signed in again, and
the text is back in the editor, saved only by the author's own click."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import Post
from tests.browser.sessions import signed_in_user_id
from tests.factories import PostFactory

pytestmark = pytest.mark.browser

TYPED = "Words typed while the session ended in the other tab."


def test_a_save_after_signing_out_elsewhere_survives_the_sign_in(
    page, console, screenshot, sign_in, live_server, author, password
):
    post = PostFactory(author=author, title="Kept title", body="Saved words.", status="draft")
    editor = f"/cadmin/post/update/{post.pk}/"
    page.goto(f"/cadmin/login/?next={editor}")
    sign_in("alice", password)
    expect(page).to_have_url(f"{live_server.url}{editor}")
    page.get_by_label("Body").fill(TYPED)
    # On a busy machine the autosave may go out after the other tab signed out: refused, as it
    # should be, while the browser keeps its copy.
    console.expect_failed_load(403, f"/cadmin/post/{post.pk}/autosave/")

    other_tab = page.context.new_page()
    other_tab.goto("/cadmin/")
    other_tab.get_by_role("button", name="Sign out").click()
    expect(other_tab.get_by_role("heading", level=1)).to_contain_text("signed out")
    other_tab.close()
    assert signed_in_user_id(page) is None

    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(rf"/cadmin/login/\?next={re.escape(editor)}%3Fkept%3D"))
    expect(
        page.get_by_text("Your changes were kept: sign in and they will be back in the form.")
    ).to_be_visible()
    screenshot("cadmin-login-changes-kept")
    assert Post.objects.get(pk=post.pk).body == "Saved words."

    sign_in("alice", password)
    expect(page).to_have_url(re.compile(rf"{re.escape(live_server.url + editor)}\?kept=[\w-]+$"))
    expect(page.get_by_text("Your changes were kept. Review them and save.")).to_be_visible()
    expect(page.get_by_label("Body")).to_have_value(TYPED)
    screenshot("cadmin-post-editor-changes-kept")
    assert Post.objects.get(pk=post.pk).body == "Saved words."

    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".messages")).to_contain_text("Post updated.")
    assert Post.objects.get(pk=post.pk).body == TYPED
    console.assert_clean()
