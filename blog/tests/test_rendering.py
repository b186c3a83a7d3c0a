"""Markdown becomes HTML, and nothing an author writes can run in a reader's browser."""

import pytest

from blog.rendering import render_markdown
from tests.factories import PostFactory

SAFE_REL = 'rel="noopener noreferrer nofollow"'


class TestMarkdown:
    def test_headings(self):
        assert render_markdown("# Title\n\n## Section") == "<h1>Title</h1>\n<h2>Section</h2>"

    def test_emphasis(self):
        html = render_markdown("*soft* and **loud**")

        assert html == "<p><em>soft</em> and <strong>loud</strong></p>"

    def test_links_keep_their_address_and_get_a_safe_rel(self):
        html = render_markdown("[Django](https://www.djangoproject.com/)")

        assert html == f'<p><a href="https://www.djangoproject.com/" {SAFE_REL}>Django</a></p>'

    def test_raw_html_links_get_a_safe_rel_too(self):
        html = render_markdown('<a href="https://example.com/" rel="opener">x</a>')

        assert SAFE_REL in html
        assert 'rel="opener"' not in html

    def test_bulleted_and_numbered_lists(self):
        html = render_markdown("- apple\n- pear\n\n1. one\n2. two")

        assert "<ul>\n<li>apple</li>\n<li>pear</li>\n</ul>" in html
        assert "<ol>\n<li>one</li>\n<li>two</li>\n</ol>" in html

    def test_fenced_code_is_shown_as_escaped_text(self):
        html = render_markdown("```\nif a < b:\n    print('<script>')\n```")

        assert html.startswith("<pre><code>")
        assert "if a &lt; b:" in html
        assert "&lt;script&gt;" in html
        assert "<script>" not in html


ATTACKS = {
    "script tag": "<script>alert(1)</script>Hi",
    "onerror handler": "<img src=x onerror=alert(1)>",
    "onclick handler": '<a href="https://example.com" onclick="alert(1)">click</a>',
    "svg onload": "<svg onload=alert(1)></svg>",
    "markdown javascript link": "[x](javascript:alert(1))",
    "markdown mixed case javascript link": "[x](JaVaScRiPt:alert(1))",
    "html javascript link": '<a href="javascript:alert(1)">x</a>',
    "html mixed case javascript link": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "entity encoded javascript link": '<a href="javascript&#58;alert(1)">x</a>',
    "tab split javascript link": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "javascript image": "![x](javascript:alert(1))",
    "data url link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style": "<style>body { display: none }</style>",
}
# Lower-cased fragments that must never reach a reader's page.
DANGEROUS = ("<script", "alert(", "onerror", "onclick", "onload", "javascript", "data:",
             "<iframe", "<style", "<svg")  # fmt: skip


@pytest.mark.parametrize("body", ATTACKS.values(), ids=ATTACKS.keys())
def test_render_markdown_removes_the_attack(body):
    html = render_markdown(body).lower()

    for fragment in DANGEROUS:
        assert fragment not in html


def test_harmless_text_around_an_attack_is_kept():
    html = render_markdown("Before\n\n<script>alert(1)</script>\n\n**After**")

    assert "<p>Before</p>" in html
    assert "<strong>After</strong>" in html
    assert "<script" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("body", ATTACKS.values(), ids=ATTACKS.keys())
def test_reader_of_a_malicious_post_does_not_receive_the_attack(client, body):
    post = PostFactory(title="Innocent title", body=f"Read me.\n\n{body}\n\nThe end.")

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    page = response.text.lower()
    assert "innocent title" in page
    assert "the end." in page
    for fragment in DANGEROUS:
        assert fragment not in page


@pytest.mark.django_db
def test_markup_in_a_title_is_shown_as_text(client):
    post = PostFactory(title="<script>alert(1)</script>")

    for url in (post.get_absolute_url(), "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "<script" not in response.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
