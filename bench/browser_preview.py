"""The live preview in a real browser: from a key press in the editor's text to the preview drawn
again, for the long post with pictures (PICTURE_POST), as Chromium's performance marks time it.

static/js/editor.js marks "editor:typed" at each change and "editor:preview-shown" once the
preview shows the server's answer; it asks PREVIEW_PAUSE_MS after the last change, as an author
pauses. What is reported is the time after that pause: the request, the drawing on the server,
and the browser putting the article in place. Headless Debian Chromium, on the bench's server.
"""

from .browser import chromium_page

KEY_PRESSES = 15
PREVIEW_PAUSE_MS = 300  # static/js/editor.js
SHOWN = "() => performance.getEntriesByName('editor:preview-shown').length > 0"
ELAPSED = """() => {
  const typed = performance.getEntriesByName("editor:typed").at(-1);
  const shown = performance.getEntriesByName("editor:preview-shown").at(-1);
  return shown.startTime - typed.startTime;
}"""


def measure(base_url: str, session_cookie: str, post_pk: int) -> list[float]:
    """Milliseconds after the pause, one per key press."""
    with chromium_page(base_url, session_cookie) as page:
        page.goto(f"/cadmin/post/update/{post_pk}/")
        page.wait_for_function(SHOWN)  # the first preview, drawn as the editor opens
        text = page.locator("textarea[name=body]")
        text.focus()
        times = []
        for number in range(KEY_PRESSES):
            page.evaluate("performance.clearMarks()")
            text.press(" " if number % 2 else "x")
            page.wait_for_function(SHOWN)
            times.append(round(page.evaluate(ELAPSED) - PREVIEW_PAUSE_MS, 2))
        return times
