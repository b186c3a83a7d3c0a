"""A post's plain text (what search indexes, excerpts and reading times read) is the words of its
rendered HTML, exactly as Django's strip_tags would give them, whatever the author wrote."""

from html import unescape

from django.utils.html import strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.rendering import plain_text, render_markdown
from blog.tests.test_markdown_blocks import documents

# Characters that HTML escapes or treats specially, and text that looks like markup.
AWKWARD = st.sampled_from(
    ["&", "&amp;", "&nbsp;", "<", ">", "<b>bold</b>", "<script>x()</script>", '"', "'", "é",
     "日本", "\u00a0", "<!-- note -->", "`<code>`", "[a](https://example.com/?a=1&b=2)",
     "![alt & more](https://example.com/p.png)", "**strong**", "*em*", "a<b", "3 > 2"]
)  # fmt: skip


def with_strip_tags(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.lists(AWKWARD, max_size=6))
def test_the_words_are_those_strip_tags_gives(text, awkward):
    html = render_markdown(" ".join([text, *awkward]))

    assert plain_text(html) == with_strip_tags(html)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all_gives_the_same_words(text):
    html = render_markdown(text)

    assert plain_text(html) == with_strip_tags(html)
