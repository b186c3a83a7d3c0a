"""Driving the post editor as a browser does: open the form, change fields, send it back."""

import re
from html import unescape

from django.test import Client

from tests.editor_forms import editor_form

HIDDEN_VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)"')


def update_url(post) -> str:
    return f"/cadmin/post/update/{post.pk}/"


def opened_version(client: Client, post) -> int:
    """The version the editor's form carries when `client` opens it."""
    response = client.get(update_url(post))
    assert response.status_code == 200
    return int(HIDDEN_VERSION.search(response.text)[1])


def edit(post, version, **changes) -> dict:
    """The editor's fields for `post`, as opened at `version`, with `changes`."""
    return editor_form(post, version=version, **changes)


def textarea(html: str, name: str) -> str:
    """What the page's textarea `name` holds."""
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert found, f"no textarea {name}"
    return unescape(found[1])
