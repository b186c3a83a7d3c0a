"""Markdown drawn block by block (blog/markdown_blocks.py) is the same HTML as the whole text
drawn at once, whatever an author writes: posts look as they always did."""

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog import markdown_blocks
from blog.markdown_blocks import EXTENSIONS, split, to_html


def whole(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, output_format="html")


WORDS = st.sampled_from(
    ["walk", "*soft*", "**loud**", "`code`", "[a link](https://example.com/)", "2024", "1.", "-",
     "*", ">", "#", "|", "~~~", "```", "_x_", "\\*", "&amp;", "é", "<b>", "x<y"]
)  # fmt: skip
LINE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
INDENT = st.sampled_from(["", " ", "  ", "    ", "\t", "        "])
# Each block kind as authors write them, and the ones that reach across blank lines.
BLOCKS = st.one_of(
    LINE,
    st.lists(LINE, min_size=1, max_size=3).map("\n".join),
    LINE.map(lambda line: f"# {line}"),
    LINE.map(lambda line: f"{line}\n======"),
    st.lists(LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(f"- {x}" for x in ls)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(f"1. {x}" for x in ls)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(f"* {x}" for x in ls)),
    st.lists(LINE, min_size=1, max_size=2).map(lambda ls: "\n".join(f"> {x}" for x in ls)),
    st.tuples(INDENT, LINE).map("".join),
    st.tuples(st.sampled_from(["```", "~~~", "````", "```python"]), st.lists(LINE, max_size=3)).map(
        lambda fence: "\n\n".join([fence[0], *fence[1], fence[0].rstrip("python")])
    ),
    st.sampled_from(["```", "~~~", "---", "***", "* * *", "| a | b |\n|---|---|\n| 1 | 2 |"]),
    # Lines that look like fences and are not, or are only to Python-Markdown's own pattern.
    st.sampled_from(["~~~ walk walk", "``` {.x}", "```{", "~~~~", "```\t", "\t```", "   ```"]),
    st.just("    indented code\n\n    more of it"),
)
GAPS = st.sampled_from(["\n", "\n\n", "\n\n\n", "\n \n", "\n\t\n", "\r\n\r\n", "\r\r", "\n  \t\n"])


@st.composite
def documents(draw) -> str:
    blocks = draw(st.lists(BLOCKS, min_size=1, max_size=12))
    text = blocks[0]
    for block in blocks[1:]:
        text += draw(GAPS) + block
    return text + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_blocks_drawn_apart_are_the_text_drawn_whole(text):
    assert to_html(text) == whole(text)


@pytest.mark.parametrize(
    "text",
    [
        "Para one\n\n```\ncode\n\nstill code\n```\n\nPara two",
        "- loose\n\n- list\n\nAfter it",
        "1. one\n\n    its second paragraph\n\n2. two",
        "> a quote\n\n> goes on\n\nThen text",
        "Text\n\n    code\n\n    more code\n\nText",
        "A [link][id] here\n\n[id]: https://example.com/",
        "<div>\n\nraw\n\n</div>\n\nText",
        "````\n```\n\nnot closed by three\n````\n\nText",
        "~~~ walk walk\n~~~\n\n~~~",
        "``` {.x\n\ncode\n```\n\nText",
    ],
)
def test_what_reaches_across_blank_lines_is_drawn_as_a_whole_text_draws_it(text):
    assert to_html(text) == whole(text)


def test_a_long_post_is_cut_into_its_paragraphs():
    text = "\n\n".join(f"Paragraph {n} of the post." for n in range(40))

    assert len(split(text)) == 40


def test_changing_one_paragraph_draws_only_that_one_again():
    paragraphs = [f"Paragraph {n} of a post about drawing." for n in range(30)]
    to_html("\n\n".join(paragraphs))
    before = markdown_blocks._drawn_block.cache_info()

    paragraphs[12] += " One word more."
    to_html("\n\n".join(paragraphs))

    after = markdown_blocks._drawn_block.cache_info()
    assert after.misses - before.misses == 1
    assert after.hits - before.hits == 29
