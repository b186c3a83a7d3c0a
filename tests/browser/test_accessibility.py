"""Every reader page and both sign-in pages pass all of axe-core's default rules, among them
colour contrast and links in a text block told apart by more than their colour.

axe is injected with page.evaluate, which Chromium runs outside the page's Content-Security-
Policy: the site's CSP stays as strict as it is, and the console watch sees no violation.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from blog.views import POSTS_PER_PAGE
from tests.browser.authenticators import passkey_site
from tests.doors import BLOG, CADMIN
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.browser

AXE = Axe()

# A post as authors write them: a link and code in its paragraphs, a list and a quote.
BODY = """Argon2 is the hasher [the Password Hashing Competition](https://www.password-hashing.net/)
chose, and Django has used it since 1.10 with `pip install django[argon2]`.

- a *memory-hard* hash
- a salt of its own for every password

> Slow on purpose: an attacker pays for every guess.
"""

# Each page, and a text showing it is in the state meant (a second page, results, none...).
READER_PAGES = {
    "list": ("/", "Page 1 of 2"),
    "list-page-2": ("/?page=2", "Page 2 of 2"),
    "post": ("{post}", "1 min read"),
    "category": ("/category/security/", "Category: Security"),
    "tag": ("/tag/passwords/", "Tag: passwords"),
    "author": ("/author/alice/", "And about passwords, mostly."),
    "search": ("/search/?q=argon2", "Search: argon2"),
    "search-no-results": ("/search/?q=zzzzz", "No posts match"),
}

WRONG_CREDENTIALS = "Wrong username, e-mail or password."


# Fixed dates: axe judges the colour of links in a line only where its plain text outweighs
# the links' text, and the date's length (the month's name) would change that from day to day.
FIRST_PUBLISHED = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def blog(transactional_db):
    """Enough published posts for a second page, the newest with everything a post can show."""
    alice = UserFactory(
        username="alice",
        display_name="Alice Author",
        bio="Writes about sign-in.\nAnd about passwords, mostly.",
    )
    security = CategoryFactory(name="Security")
    passwords, django = TagFactory(name="passwords"), TagFactory(name="django")
    for day in range(POSTS_PER_PAGE):
        PostFactory(
            title=f"Older post {day}",
            author=alice,
            category=security,
            tags=[passwords, django],
            published_at=FIRST_PUBLISHED + timedelta(days=day),
        )
    return PostFactory(
        title="Choosing a password hasher",
        body=BODY,
        author=alice,
        category=security,
        tags=[passwords],
        published_at=FIRST_PUBLISHED + timedelta(days=POSTS_PER_PAGE),
    )


def assert_no_violations(page) -> None:
    results = AXE.run(page)
    summary = "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
    )
    assert results.violations_count == 0, f"{summary}\n\n{results.generate_report()}"


@pytest.mark.parametrize(("path", "shown"), READER_PAGES.values(), ids=READER_PAGES.keys())
def test_reader_page_passes_axe(page, console, blog, path, shown):
    page.goto(path.format(post=blog.get_absolute_url()))
    expect(page.get_by_text(shown).first).to_be_visible()
    if "q=argon2" in path:
        expect(page.locator(".headline mark").first).to_be_visible()
    assert_no_violations(page)
    console.assert_clean()


# At the host name, as readers see them, the sign-in pages offer a passkey button; at an IP
# address they explain why they cannot.
SIGN_IN_STATES = ["first-visit", "wrong-password", "passkeys-unavailable"]


@pytest.mark.parametrize("state", SIGN_IN_STATES)
@pytest.mark.parametrize("door", [BLOG, CADMIN], ids=str)
def test_sign_in_page_passes_axe(page, console, sign_in, live_server, author, door, state):
    site = passkey_site(live_server.url)
    if state == "passkeys-unavailable":
        site = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    page.goto(f"{site}{door.login_url}")
    if state == "passkeys-unavailable":
        expect(page.locator(".passkeys-unavailable")).to_be_visible()
    else:
        expect(page.get_by_role("button", name="Sign in with a passkey")).to_be_visible()
    if state == "wrong-password":
        sign_in("alice", "not-the-password")
        expect(page.get_by_text(WRONG_CREDENTIALS)).to_be_visible()
    assert_no_violations(page)
    console.assert_clean()


SCREEN_SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def test_reader_pages_screenshots(page, screenshot, blog):
    pages = {
        "author": "/author/alice/",
        "search": "/search/?q=argon2",
        "post": blog.get_absolute_url(),
    }
    for size, viewport in SCREEN_SIZES.items():
        page.set_viewport_size(viewport)
        for name, path in pages.items():
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            screenshot(f"reader-{name}-{size}")
