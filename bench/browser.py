"""A headless Debian Chromium for the bench's measurements in a browser, signed in by a session
cookie the bench made, closed with the measurement however it ends."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]
WIDE = {"width": 1400, "height": 900}  # the editor's text and preview side by side
PATIENCE_MS = 60_000  # a wait for something to happen, never a measure of speed


@contextmanager
def chromium_page(base_url: str, session_cookie: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    name, _, value = session_cookie.partition("=")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(base_url=base_url, viewport=WIDE)
            context.set_default_timeout(PATIENCE_MS)
            context.add_cookies([{"name": name, "value": value, "url": base_url}])
            yield context.new_page()
        finally:
            browser.close()
