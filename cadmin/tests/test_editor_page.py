"""The editor's page: the writing frame's toolbar and shortcuts, drawn for the script to show,
and the editor's code on that page only."""

import gzip
import re
from pathlib import Path

import pytest
from django.test import Client

from cadmin.toolbar import TOOLBAR, Tool
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "static"
SCRIPT_OR_STYLE = re.compile(r'<script[^>]*src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"')


def loaded(html: str) -> set[str]:
    return {src or href for src, href in SCRIPT_OR_STYLE.findall(html)}


def test_every_toolbar_button_has_a_name_and_its_shortcut_in_its_tooltip(author_client):
    html = author_client.get("/cadmin/post/add/").text

    assert '<markdown-toolbar for="id_body"' in html
    for tool in TOOLBAR:
        assert f'aria-label="{tool.label}" title="{tool.label} ({tool.keys})"' in html
        assert f"<dt><kbd>{tool.keys}</kbd></dt><dd>{tool.label}</dd>" in html  # the ? list
    assert [tool.keys for tool in TOOLBAR][:4] == ["Ctrl+B", "Ctrl+I", "Ctrl+Shift+H", "Ctrl+K"]


def test_a_shortcut_reads_as_people_write_it():
    assert Tool("Quote", "", "Mod+Shift+Period").keys == "Ctrl+Shift+."
    assert Tool("List", "", "Mod+Shift+Digit8").keys == "Ctrl+Shift+8"


def test_the_editor_loads_its_code_and_reader_pages_load_none_of_it(author, author_client):
    post = PostFactory(author=author, status="published")

    editor = loaded(author_client.get(f"/cadmin/post/update/{post.pk}/").text)
    reader = loaded(Client().get(post.get_absolute_url()).text)
    signed_in_reader = loaded(author_client.get(post.get_absolute_url()).text)

    assert {"/static/js/editor.js", "/static/css/editor.css"} <= editor
    assert reader == signed_in_reader == {"/static/css/site.css"}


def test_without_script_the_body_is_a_plain_labelled_textarea_and_the_toolbar_is_hidden(
    author_client,
):
    html = author_client.get("/cadmin/post/add/").text

    assert "{#" not in html and "{%" not in html  # no template comment shown as text
    assert '<label for="id_body">Body:</label>' in html
    assert re.search(r'<textarea name="body"[^>]*id="id_body"', html)
    assert re.search(r"<markdown-toolbar [^>]*hidden>", html)
    assert re.search(r'<section class="editor-preview"[^>]*hidden>', html)


def test_the_title_and_excerpt_carry_their_search_engine_limits(author_client):
    html = author_client.get("/cadmin/post/add/").text

    assert 'data-count-of="title" data-count-limit="70"' in html
    assert 'data-count-of="custom_excerpt" data-count-limit="160"' in html


IMPORT = re.compile(r'^import (?:[^"]+ from )?"([^"]+)";', re.MULTILINE)
WEIGHT_GOAL_BYTES = 150_000


def files_the_editor_loads(html: str) -> set[Path]:
    """Each script and style sheet of the page, and every module a script imports."""
    pending = [STATIC / path.removeprefix("/static/") for path in loaded(html)]
    found: set[Path] = set()
    while pending:
        path = pending.pop().resolve()
        if path in found:
            continue
        found.add(path)
        if path.suffix == ".js":
            pending.extend(path.parent / name for name in IMPORT.findall(path.read_text()))
    return found


def test_the_editor_pages_code_weighs_less_than_its_goal_compressed(author_client):
    files = files_the_editor_loads(author_client.get("/cadmin/post/add/").text)

    names = {path.name for path in files}
    assert {"editor.js", "editor_pictures.js", "markdown-toolbar-element.js", "editor.css"} <= names
    compressed = sum(len(gzip.compress(path.read_bytes(), 9)) for path in files)
    assert compressed <= WEIGHT_GOAL_BYTES, f"{compressed:,} bytes compressed"
