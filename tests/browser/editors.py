"""Helpers of the post editor's browser tests: signing in a second browser, screenshots at two
widths, and leaving an editor once its background requests are answered."""

from typing import ClassVar
from weakref import WeakKeyDictionary

from tests import patience

from .conftest import SCREENSHOTS

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def sign_in_at(tab, url: str, username: str, password: str) -> None:
    """Sign `tab` in on the dashboard's door and land on `url`."""
    tab.goto(f"/cadmin/login/?next={url}")
    tab.get_by_label("Username or e-mail").fill(username)
    tab.get_by_label("Password").fill(password)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in", exact=True).click()


def screenshots(tab, name: str) -> None:
    """What `tab` shows now at desktop and phone widths, as <name>-desktop.png and -phone.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width_name, size in [("desktop", DESKTOP), ("phone", PHONE)]:
        tab.set_viewport_size(size)
        tab.screenshot(path=SCREENSHOTS / f"{name}-{width_name}.png", full_page=True)
    tab.set_viewport_size(DESKTOP)


class RequestsInFlight:
    """The requests a tab has sent and not yet had answered (or seen fail): watch a tab with
    `RequestsInFlight.of(tab)` before it opens the editor, and again to leave it."""

    _of_tab: ClassVar[WeakKeyDictionary] = WeakKeyDictionary()

    def __init__(self, tab) -> None:
        self.tab = tab
        self.pending: set = set()
        tab.on("request", lambda request: self.pending.add(request))
        tab.on("requestfinished", lambda request: self.pending.discard(request))
        tab.on("requestfailed", lambda request: self.pending.discard(request))

    @classmethod
    def of(cls, tab) -> "RequestsInFlight":
        if tab not in cls._of_tab:
            cls._of_tab[tab] = cls(tab)
        return cls._of_tab[tab]

    def leave_editor(self, timeout_ms: int = patience.BROWSER_MS) -> None:
        """Stop the editor's pings, wait for the answers still due, then go to a blank page.

        A request still running when the test database is emptied would fail that flush
        ("table is locked"), so a test ends only once its editors have gone quiet. The editor
        stops its pings on `pagehide`, which this sends first.
        """
        self.tab.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
        waited = 0
        while self.pending and waited < timeout_ms:
            self.tab.wait_for_timeout(20)  # a poll: answers arrive on Playwright's event loop
            waited += 20
        assert not self.pending, f"still unanswered: {[r.url for r in self.pending]}"
        self.tab.goto("about:blank")
