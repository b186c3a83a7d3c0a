"""Markdown to HTML that is safe to show any reader, whoever wrote it."""

from html import unescape

import nh3
from django.utils.text import Truncator

from media.markup import with_pictures

from .markdown_blocks import to_html

# Everything an author needs to format a post, and nothing that runs code.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

EXCERPT_WORDS = 40


def render_markdown(text: str) -> str:
    """Render Markdown (block by block, blog/markdown_blocks.py) and strip anything that could
    run in a reader's browser; then draw our own pictures for every screen (media/markup.py),
    from the sanitised HTML."""
    html = to_html(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return with_pictures(clean)


def plain_text(html: str) -> str:
    """Rendered HTML as the words a reader reads: no tags, entities decoded, one space apart.
    The sanitiser keeps no tag at all here (a few times faster than Django's strip_tags on a
    long post, whose preview is drawn as its author types)."""
    return " ".join(unescape(nh3.clean(html, tags=set())).split())


def plain_excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """A plain-text teaser of a post's plain text (`plain_text`) for list pages."""
    return Truncator(text).words(words)
