"""A post written in the dashboard appears on the public blog, its Markdown rendered."""

import pytest
from playwright.sync_api import expect

from blog.models import Post

pytestmark = pytest.mark.browser

TITLE = "A post from the browser"


def test_published_post_written_in_the_dashboard_is_read_on_the_blog(
    page, console, screenshot, sign_in, live_server, author, password
):
    page.goto("/cadmin/login/?next=/cadmin/post/add/")
    sign_in("alice", password)
    expect(page).to_have_url(f"{live_server.url}/cadmin/post/add/")

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Body").fill("Hello **world**, from a real browser.")
    page.get_by_label("Status").select_option(label="Published")
    screenshot("cadmin-post-add-filled")
    page.get_by_role("button", name="Add post").click()

    expect(page).to_have_url(f"{live_server.url}/cadmin/posts/")
    expect(page.get_by_role("status")).to_have_text("Post added.")
    screenshot("cadmin-post-list-post-added")
    post = Post.objects.get(title=TITLE)
    assert (post.author, post.status) == (author, Post.Status.PUBLISHED)

    page.goto("/")
    screenshot("blog-post-list-with-new-post")
    page.get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(f"{live_server.url}{post.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    body = page.locator(".post-body")
    expect(body.locator("strong")).to_have_text("world")
    assert "<strong>world</strong>" in body.inner_html()
    expect(body).not_to_contain_text("**")
    screenshot("blog-post-detail-markdown")
    console.assert_clean()
