"""Saves of a long post's editor form, sent from Python one at a time and reported as wrk reports
(bench/ceremonies.py has the rules: timing, slices, checking every answer).

wrk sends one request body again and again, and a save cannot be sent twice: the editor's save
must carry the version the last save produced (an older one answers 409), and each save should
send text the post does not have yet. So each save here changes one word of the 5,000
(bench/long_post.py) and, for the editor's save, sends the version the last save made; it goes
up by one per save. A refused save (or one that never arrived) is an error, and the version is
read again from the editor page, untimed, so that one failure is not followed by a run of 409s.

Kinds (scenarios.py):

- `post_save` (VERSIONED_SAVE): the editor's Save, a 302 to the post list;
- `post_save_plain` (PLAIN_SAVE): the save of before revisions, without a version, a 302 too;
- `autosave` (AUTOSAVE): the editor's background save into the author's slot, 200 JSON;
- `editor_preview` (PREVIEW): the live preview of the long post with pictures, 200, the article.

Beside them, a page drawn afresh one request at a time (PageAlone, a scenario's `alone`): the
long post with pictures, which the preview is compared with.
"""

import itertools
import json
import re
from urllib.parse import urlencode

from . import load
from .ceremonies import Ceremony
from .load import Request
from .long_post import editor_fields
from .scenarios import (
    AUTOSAVE,
    PLAIN_SAVE,
    POST_PK,
    PREVIEW,
    VERSIONED_SAVE,
    Scenario,
    fresh_path,
)

VERSION_FIELD = re.compile(r'<input[^>]*name="version"[^>]*value="(\d+)"')


class FormSave(Ceremony):
    """The form of one long post's editor page, posted again and again with a new word."""

    headers: tuple[tuple[str, str], ...] = ()

    def __init__(self, scenario: Scenario, base_url: str, session: str, post: dict) -> None:
        super().__init__(scenario, base_url)
        self.post = post
        pk = str(post["pk"])
        self.url = base_url + scenario.path.replace(POST_PK, pk)
        self.form_url = base_url + (scenario.form_page or scenario.path).replace(POST_PK, pk)
        self.session = session
        self.edits = itertools.count(1)
        self.cookie, self.token, self.version = "", "", None
        problem = self.open_form()
        if problem:
            raise RuntimeError(problem)
        self.stale = False  # a save went wrong: the form must be opened again

    def open_form(self) -> str:
        """Open the editor page as the author does: the CSRF cookie and token, and the version
        the form was opened on (None in a form without one). What was wrong, or ""."""
        page, self.cookie, self.token = load.signed_in_form(self.form_url, self.session)
        if not self.token:
            return f"no editor form at {self.form_url} ({page.status})"
        version = VERSION_FIELD.search(page.text)
        self.version = int(version.group(1)) if version else None
        return ""

    def form(self) -> str:
        edit = f"edit{next(self.edits)}"
        return urlencode(editor_fields(self.post, edit, self.token, self.version))

    def once(self) -> tuple[int | None, str]:
        if self.stale:  # untimed, as an author reloading the editor
            problem = self.open_form()
            if problem:
                return None, problem
            self.stale = False
        request = Request(
            self.url, method="POST", cookie=self.cookie, body=self.form(), headers=self.headers
        )
        self.stale = True  # until its answer is read and right: it may have saved or not
        answer, elapsed_us = load.send(request)
        problem = self.problem_with(answer)
        if not problem:
            self.stale = False
            self.saved()
        return elapsed_us, problem

    def problem_with(self, answer: load.Answer) -> str:
        """What is wrong with the answer to a save, or "" if nothing: see load.problem_with."""
        return load.problem_with(answer, self.scenario.next_path)

    def saved(self) -> None:
        """What a save that went through changes in the form that comes next: nothing here."""


class VersionedSave(FormSave):
    """The editor's save: each one claims the next version."""

    def open_form(self) -> str:
        problem = super().open_form()
        if not problem and self.version is None:
            return f"the editor form at {self.form_url} carries no version"
        return problem

    def saved(self) -> None:
        self.version += 1


class Autosave(FormSave):
    """The editor's autosave: the same fields, answered with when the slot was written."""

    def problem_with(self, answer: load.Answer) -> str:
        if answer.status != 200:
            return f"expected 200, got {answer.status} {answer.text[:200]}".rstrip()
        try:
            saved = json.loads(answer.text)
        except ValueError:
            saved = None
        if not isinstance(saved, dict) or "saved_at" not in saved:
            return f"expected JSON with saved_at, got {answer.text[:200]}"
        return ""


class Preview(FormSave):
    """The editor's live preview: the same fields, answered with the article alone."""

    headers = (("X-Preview", "article"),)

    def problem_with(self, answer: load.Answer) -> str:
        if answer.status != 200 or '<article class="post">' not in answer.text:
            return f"expected the article, got {answer.status} {answer.text[:200]}".rstrip()
        return ""


class PageAlone(Ceremony):
    """A reader page drawn afresh (a new FRESH_PARAMETER each time), one request at a time as
    the saves are: its p50 is the time to draw it, not time waiting behind other requests."""

    def __init__(self, scenario: Scenario, base_url: str, url: str) -> None:
        super().__init__(scenario, base_url)
        self.url = url
        self.marks = itertools.count(1)

    def once(self) -> tuple[int | None, str]:
        answer, elapsed_us = load.send(Request(fresh_path(self.url, f"alone{next(self.marks)}")))
        return elapsed_us, load.problem_with(answer)


SAVES = {
    VERSIONED_SAVE: VersionedSave,
    PLAIN_SAVE: FormSave,
    AUTOSAVE: Autosave,
    PREVIEW: Preview,
}


def start(scenario: Scenario, base_url: str, session: str, post: dict) -> FormSave:
    """The saves of `scenario` by the author whose session cookie is `session`, of the long
    post whose fields `post` holds (bench.prepare's long_posts)."""
    return SAVES[scenario.save](scenario, base_url, session, post)
