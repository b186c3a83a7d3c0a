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
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.util import ETX, STX

EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
TAB_LENGTH = 4  # Python-Markdown's default
# Blocks remembered per process: a few long posts' worth, a few megabytes at most.
REMEMBERED_BLOCKS = 4096

DRAWN_WHOLE = re.compile(
    r"^ {0,3}\[[^\]\n]+\]:"  # a reference definition: "[id]: https://..."
    r"|^ {0,3}<",  # raw HTML, which may hold blank lines
    re.MULTILINE,
)
# Python-Markdown's own pattern of a fenced code block: the blocks it finds, it finds here.
FENCED = FencedBlockPreprocessor.FENCED_BLOCK_RE
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
    """`text` cut where blocks are independent, or None when it must be drawn whole. The text
    is first made what Python-Markdown makes it before it reads it (line ends, tabs, blank
    lines of spaces), so that the fences and blank lines seen here are the ones it sees."""
    text = _normalized(text)
    if DRAWN_WHOLE.search(text):
        return None
    fenced = _fenced_spans(text)
    blocks: list[str] = []
    start = 0
    after_blank = False
    position = 0
    for line in text.split("\n"):
        inside_fence = any(begin < position < end for begin, end in fenced)
        if after_blank and line.strip() and not CONTINUES.match(line) and not inside_fence:
            blocks.append(text[start : position - 1])
            start = position
        after_blank = not line.strip() and position > start
        position += len(line) + 1
    blocks.append(text[start:])
    return blocks


def _normalized(text: str) -> str:
    """markdown.preprocessors.NormalizeWhitespace's work, without its two closing line ends."""
    text = text.replace(STX, "").replace(ETX, "").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"(?<=\n) +\n", "\n", text.expandtabs(TAB_LENGTH))


def _fenced_spans(text: str) -> list[tuple[int, int]]:
    """Where Python-Markdown's fenced code blocks are, searched as its FencedBlockPreprocessor
    searches them: one with unbalanced {attributes} is skipped past its attributes."""
    spans = []
    index = 0
    while found := FENCED.search(text, index):
        if found.group("attrs") and get_attrs_and_remainder(found.group("attrs"))[1]:
            index = found.end("attrs")
            continue
        spans.append(found.span())
        index = found.end()
    return spans


@lru_cache(maxsize=REMEMBERED_BLOCKS)
def _drawn_block(block: str) -> str:
    return _draw(block)


def _draw(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
