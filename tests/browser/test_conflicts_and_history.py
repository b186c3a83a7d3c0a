"""Two people editing one post in two browsers: the later save is a conflict page with both
texts, the merge is saved, and the history compares and restores; then the trash round trip."""

import pytest
from playwright.sync_api import expect

from blog.models import Post
from revisions import changes
from revisions.models import PostRevision
from tests.browser.conftest import browser_tab
from tests.browser.editors import screenshots, sign_in_at
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.browser

BODY = "Bees cluster in winter.\nThey eat honey.\nThey shiver to keep warm."


def test_a_conflict_is_merged_compared_and_restored(
    page, chromium, console, screenshot, live_server, author, password
):
    UserFactory(username="editor", is_superuser=True, is_staff=True)
    post = PostFactory(author=author, title="Bees in winter", body=BODY, status="draft")
    changes.record(post, author, PostRevision.Kind.CREATED)
    editor_path = f"/cadmin/post/update/{post.pk}/"
    sign_in_at(page, editor_path, "alice", password)
    expect(page).to_have_url(f"{live_server.url}{editor_path}")

    with browser_tab(chromium, live_server.url, console) as other:
        sign_in_at(other, editor_path, "editor", password)
        other.get_by_label("Body").fill(BODY.replace("They eat honey.", "They eat stored honey."))
        other.get_by_role("button", name="Save changes").click()
        expect(other.locator(".messages")).to_have_text("Post updated.")

    page.get_by_label("Body").fill(BODY + "\nAlice's new line.")
    console.expect_failed_load(409, editor_path)
    page.get_by_role("button", name="Save changes").click()

    expect(
        page.get_by_role("heading", name="Someone else saved this post while you were working")
    ).to_be_visible()
    expect(page.locator(".line-diff .added ins")).to_have_text("They eat stored honey.")
    expect(page.locator("#id_body")).to_have_value(BODY + "\nAlice's new line.")
    screenshots(page, "cadmin-post-conflict")

    merged = BODY.replace("They eat honey.", "They eat stored honey.") + "\nAlice's new line."
    page.locator("#id_body").fill(merged)
    page.get_by_role("button", name="Save merged text").click()
    expect(page.locator(".messages")).to_have_text("Post updated.")
    post.refresh_from_db()
    assert (post.body.replace("\r\n", "\n"), post.version) == (merged, 3)

    page.goto(f"/cadmin/post/{post.pk}/history/")
    page.get_by_label("Compare from revision 1").check()
    page.get_by_label("Compare to revision 3").check()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Revision 1 → revision 3")).to_be_visible()
    expect(page.locator(".line-diff .removed del")).to_have_text("They eat honey.")
    screenshot("cadmin-post-history-compare")

    page.get_by_role("row", name="Created").get_by_role("button", name="Restore").click()
    expect(page.locator(".messages")).to_have_text("Revision 1 restored as version 4.")
    expect(page.get_by_label("Body")).to_have_value(BODY)

    page.goto(f"/cadmin/post/delete/{post.pk}/")
    page.get_by_role("button", name="Move to trash").click()
    expect(page.locator(".messages")).to_contain_text("was moved to the trash")
    page.goto("/cadmin/trash/")
    screenshot("cadmin-trash")
    page.get_by_role("button", name="Restore").click()
    expect(page.locator(".messages")).to_have_text("“Bees in winter” is back, with its history.")
    assert Post.objects.get(pk=post.pk).version == 6
    console.assert_clean()
