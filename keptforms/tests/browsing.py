"""A browser as these tests drive it: forms read from the page, sessions that end, sign-ins."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from django.contrib.sessions.models import Session
from django.test import Client

from tests.doors import Door
from tests.factories import PASSWORD
from tests.two_factor import SECOND_STEP, code_now

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _FormReader(HTMLParser):
    """Every POST form of a page, as a browser would send it (buttons aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "form" and attr.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None or (tag != "option" and "name" not in attr):
            return
        if tag == "input":
            kind = attr.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            if kind not in {"submit", "button", "image", "file"}:
                self._form.setdefault(attr["name"], []).append(attr.get("value") or "")
        elif tag == "textarea":
            self._textarea = attr["name"]
            self._form.setdefault(self._textarea, []).append("")
        elif tag == "select":
            self._select = (attr["name"], "multiple" in attr, [], [])
        elif tag == "option" and self._select is not None:
            value = attr.get("value", "")
            self._select[2].append(value)
            if "selected" in attr:
                self._select[3].append(value)

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            # Like a browser, drop the line break that follows <textarea>.
            text = self._form[self._textarea][-1]
            self._form[self._textarea][-1] = text.removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, options, chosen = self._select
            if not chosen and not multiple and options:
                chosen = options[:1]
            if chosen:
                self._form[name] = chosen
            self._select = None
        elif tag == "form":
            self._form = None


def form_on(html: str, with_field: str) -> dict[str, list[str]]:
    """The fields of the page's POST form that has `with_field`."""
    reader = _FormReader()
    reader.feed(html)
    return next(form for form in reader.forms if with_field in form)


def page_token(html: str) -> str:
    match = TOKEN_FIELD.search(html)
    assert match, "the page has no csrfmiddlewaretoken field"
    return match.group(1)


def filled_in(client: Client, url: str, with_field: str, **changes) -> dict[str, list[str]]:
    """Open the form page and change some fields, leaving the rest as the page drew them."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_on(page.text, with_field)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def end_session(client: Client) -> None:
    """As when the session expired or was ended from another browser."""
    client.session.delete()  # from the database and from a session cache in front of it
    assert not Session.objects.filter(session_key=client.session.session_key).exists()


def kept_token(location: str) -> str:
    """The `kept` token in a redirect to sign-in (inside `next`) or to the form itself."""
    query = parse_qs(urlsplit(location).query)
    if "next" in query:
        query = parse_qs(urlsplit(query["next"][0]).query)
    return query["kept"][0]


def sign_in(client: Client, door: Door, next_url: str, username: str = "alice", device=None):
    """Sign in through `door` as a person would, the second step too when there is a device."""
    page = client.get(door.login_url, {"next": next_url})
    response = client.post(
        door.login_url,
        {
            "username": username,
            "password": PASSWORD,
            "next": next_url,
            "csrfmiddlewaretoken": page_token(page.text),
        },
    )
    if device is None:
        return response
    assert response.status_code == 302
    assert response.headers["Location"] == SECOND_STEP[door.name]
    step = client.get(SECOND_STEP[door.name])
    return client.post(
        SECOND_STEP[door.name],
        {"otp_token": code_now(device), "csrfmiddlewaretoken": page_token(step.text)},
    )
