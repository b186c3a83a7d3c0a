"""Browser tests: one headless Debian Chromium per run, a fresh context and page per test.

The app is served by pytest-django's live_server (a real HTTP server in a thread of this
process), so the database is shared through transactional_db, not a test transaction.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import patience
from tests.services import REQUIRE_SERVICES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"

# Reported by the page itself, so a violation is seen even if Chromium words its own
# console message differently one day.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const what = `${event.violatedDirective} ${event.blockedURI}`;
  console.error(`Content Security Policy violation: ${what}`);
});
"""

FAILED_LOAD = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


@dataclass
class ConsoleWatch:
    """Every console error and uncaught exception of one page, and the few that are expected.

    An expected error is a failed load with a given 4xx status of a given path: Chromium logs
    one when a page it was sent to answers 4xx, as a wrong sign-in or a lockout may.
    """

    base_url: str
    errors: list[str] = field(default_factory=list)
    expected_loads: set[tuple[int, str]] = field(default_factory=set)

    def on_console(self, message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.errors.append(f"{message.text} (at {message.location.get('url', '?')})")

    def on_page_error(self, error) -> None:
        self.errors.append(f"uncaught exception: {error}")

    def expect_failed_load(self, status: int, path: str) -> None:
        assert 400 <= status < 500, "only a 4xx page is an expected failure"
        self.expected_loads.add((status, path))

    def _is_expected(self, error: str) -> bool:
        found = FAILED_LOAD.match(error)
        if found is None or "Content Security Policy" in error:
            return False
        status = int(found.group(1))
        return any(
            status == expected_status and error.endswith(f"(at {self.base_url}{expected_path})")
            for expected_status, expected_path in self.expected_loads
        )

    def unexpected(self) -> list[str]:
        return [error for error in self.errors if not self._is_expected(error)]

    def assert_clean(self) -> None:
        unexpected = self.unexpected()
        assert not unexpected, "console errors or CSP violations:\n" + "\n".join(unexpected)


@pytest.fixture(scope="package")
def chromium():
    """One browser for all the browser tests.

    Package-scoped rather than session-scoped: Playwright's event loop stops with it, so the
    tests that run after this package do not run inside a live event loop.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if REQUIRE_SERVICES:
            pytest.fail(f"{message}; TGDB_REQUIRE_SERVICES=1 needs it.")
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # Every wait of a browser test is for something to show up, never a measure of speed.
    expect.set_options(timeout=patience.BROWSER_MS)

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio event loop running in the test thread, and
        # Django refuses ORM calls from such a thread (SynchronousOnlyOperation). Ours there
        # are plain synchronous test set-up and database flushes, so let them through.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def console(live_server) -> ConsoleWatch:
    return ConsoleWatch(base_url=live_server.url)


@contextmanager
def browser_tab(chromium, base_url: str, console: ConsoleWatch, **context_options):
    """A tab in a browser context of its own (its own cookies), watched by `console`;
    `context_options` as Playwright's new_context takes them (java_script_enabled=False...)."""
    from .editors import RequestsInFlight  # editors.py uses this module's paths

    context = chromium.new_context(base_url=base_url, **context_options)
    context.set_default_timeout(patience.BROWSER_MS)
    context.on("page", RequestsInFlight.of)
    try:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        tab = context.new_page()
        tab.on("console", console.on_console)
        tab.on("pageerror", console.on_page_error)
        yield tab
        # An open editor pings in the background: the test ends once every tab has gone quiet,
        # or a request still running would fail the emptying of the test database.
        for open_tab in context.pages:
            RequestsInFlight.of(open_tab).leave_editor()
    finally:
        context.close()


@pytest.fixture
def page(chromium, live_server, transactional_db, console):
    with browser_tab(chromium, live_server.url, console) as tab:
        yield tab


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot of what the browser shows now, as artifacts/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(page):
    """Fill the sign-in form on the current page, send it, and return the answer's response."""

    def submit(username: str, password: str, remember_me: bool | None = None):
        page.get_by_label("Username or e-mail").fill(username)
        page.get_by_label("Password").fill(password)
        if remember_me is not None:
            page.get_by_label("Keep me signed in for 14 days").set_checked(remember_me)
        # Waiting for the navigation itself: the page answering a wrong password may look
        # just like the one before it.
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Sign in", exact=True).click()
        return navigation.value

    return submit
