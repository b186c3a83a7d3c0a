"""The editor's formatting toolbar: its buttons, their names and their keyboard shortcuts.

Most buttons are markdown-toolbar-element's (vendored under static/vendor/), which wraps the
selection and unwraps it on a second press; the picture and rule buttons are ours
(static/js/editor.js). A shortcut is written as KeyboardEvent.code with its modifiers, "Mod"
being Ctrl, or ⌘ on a Mac; the same list is drawn in the shortcuts dialog.
"""

from dataclasses import dataclass

KEY_NAMES = {"Period": ".", "Slash": "/", "Minus": "-"}


@dataclass(frozen=True)
class Tool:
    label: str
    face: str  # what the button shows; its label is its accessible name
    shortcut: str  # e.g. "Mod+Shift+Digit8"
    element: str = ""  # markdown-toolbar-element's own button
    tool: str = ""  # or one of ours, handled by static/js/editor.js
    level: int = 0  # a heading's level

    @property
    def keys(self) -> str:
        """The shortcut as people write it: "Ctrl+Shift+8"."""
        *modifiers, code = self.shortcut.split("+")
        key = KEY_NAMES.get(code, code.removeprefix("Key").removeprefix("Digit"))
        names = ["Ctrl" if modifier == "Mod" else modifier for modifier in modifiers]
        return "+".join([*names, key])


TOOLBAR = (
    Tool("Bold", "B", "Mod+KeyB", element="md-bold"),
    Tool("Italic", "I", "Mod+KeyI", element="md-italic"),
    Tool("Heading", "H", "Mod+Shift+KeyH", element="md-header", level=2),
    Tool("Link", "Link", "Mod+KeyK", element="md-link"),
    Tool("Quote", "“ ”", "Mod+Shift+Period", element="md-quote"),
    Tool("Code", "</>", "Mod+KeyE", element="md-code"),
    Tool("Bulleted list", "• List", "Mod+Shift+Digit8", element="md-unordered-list"),
    Tool("Numbered list", "1. List", "Mod+Shift+Digit7", element="md-ordered-list"),
    Tool("Picture", "Picture", "Mod+Shift+KeyG", tool="picture"),
    Tool("Horizontal rule", "—", "Mod+Shift+KeyL", tool="rule"),
)
