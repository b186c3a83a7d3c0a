"""Markdown drawn block by block, each block's HTML kept for the next time it comes.

The live preview asks for the whole post each time an author pauses, and an author changes one
paragraph at a time: a 5,000-word post is some forty blocks, and thirty-nine of them were drawn
a moment ago. So the text is cut at the blank lines where nothing Markdown knows reaches across
(a fenced code block, a list or quote going on, indented code), each block is drawn on its own
and remembered by its text, and the blocks' HTML is joined as Python-Markdown joins a whole
document's. Saving a post draws through the same function, so the preview and the published
page are the same HTML by construction; blog/tests/test_markdown_blocks.py checks that the
blocks joined are what the whole text drawn at once gives.

A text with what refers across the whole of it (a reference link's definition) or raw HTML
blocks (which may span blank lines) is drawn whole, as before.
"""

import re
from functools import lru_cache

import markdown

EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
# Blocks remembered per process: a few long posts' worth, a few megabytes at most.
REMEMBERED_BLOCKS = 4096

DRAWN_WHOLE = re.compile(
    r"^ {0,3}\[[^\]\n]+\]:"  # a reference definition: "[id]: https://..."
    r"|^ {0,3}<",  # raw HTML, which may hold blank lines
    re.MULTILINE,
)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A line after a blank line that something before it may claim: indented (a list item's
# paragraph, code), a list item (a loose list), a quote going on, a table row.
CONTINUES = re.compile(r"^(?:[ \t]|[-*+][ \t]|\d+[.)][ \t]|>|\|)")


def to_html(text: str) -> str:
    """Python-Markdown's HTML of `text`, the same as markdown.markdown(text) gives."""
    blocks = split(text)
    if blocks is None:
        return _draw(text)
    return "\n".join(html for html in map(_drawn_block, blocks) if html)


def split(text: str) -> list[str] | None:
    """`text` cut where blocks are independent, or None when it must be drawn whole."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if DRAWN_WHOLE.search(text):
        return None
    blocks: list[str] = []
    current: list[str] = []
    fence = ""
    after_blank = False
    for line in text.split("\n"):
        if fence:
            # Closed as Python-Markdown closes it: the same fence alone on its line.
            if line.rstrip(" ") == fence:
                fence = ""
            current.append(line)
            continue
        if after_blank and current and line.strip() and not CONTINUES.match(line):
            blocks.append("\n".join(current))
            current = []
        opened = FENCE.match(line)
        if opened:
            fence = opened.group(1)
        current.append(line)
        if line.strip():
            after_blank = False
        elif current:
            after_blank = True
    blocks.append("\n".join(current))
    return blocks


@lru_cache(maxsize=REMEMBERED_BLOCKS)
def _drawn_block(block: str) -> str:
    return _draw(block)


def _draw(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
