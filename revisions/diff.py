"""What changed between two states of a post: its fields side by side, and its body line by
line. A state is a revision or the post as it is now; both read the same way here."""

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone

from blog.models import Post

from .models import PostRevision

CONTEXT_LINES = 2
HUNK_START = re.compile(r"@@ -(\d+)")  # "@@ -12,5 +12,6 @@": the stretch starts at line 12


@dataclass(frozen=True)
class State:
    title: str
    body: str
    status: str
    published_at: datetime | None
    category_name: str
    tag_names: tuple[str, ...]

    @classmethod
    def of_revision(cls, revision: PostRevision) -> "State":
        return cls(
            title=revision.title,
            body=revision.body,
            status=revision.status,
            published_at=revision.published_at,
            category_name=revision.category_name,
            tag_names=tuple(revision.tag_names),
        )

    @classmethod
    def of_post(cls, post: Post) -> "State":
        tags = sorted((tag.name for tag in post.tags.all()), key=str.lower)
        return cls(
            title=post.title,
            body=post.body,
            status=post.status,
            published_at=post.published_at,
            category_name=post.category.name if post.category else "",
            tag_names=tuple(tags),
        )

    def shown(self) -> dict[str, str]:
        """Each field as the diff shows it."""
        when = self.published_at
        return {
            "Title": self.title,
            "Status": Post.Status(self.status).label,
            "Publish at": formats.date_format(timezone.localtime(when), "j M Y, H:i")
            if when
            else "—",
            "Category": self.category_name or "—",
            "Tags": ", ".join(self.tag_names) or "—",
        }


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Line:
    kind: str  # "added", "removed", "same" or "gap" (unchanged lines left out)
    text: str


@dataclass(frozen=True)
class Difference:
    fields: list[FieldChange]
    body: list[Line]

    @property
    def body_changed(self) -> bool:
        return any(line.kind in ("added", "removed") for line in self.body)

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.body_changed


def field_changes(before: State, after: State) -> list[FieldChange]:
    old, new = before.shown(), after.shown()
    return [FieldChange(label, old[label], new[label]) for label in old if old[label] != new[label]]


def body_lines(before: str, after: str) -> list[Line]:
    """A unified line diff of the body, unchanged stretches cut to CONTEXT_LINES around."""
    lines = []
    diff = difflib.unified_diff(
        before.splitlines(), after.splitlines(), n=CONTEXT_LINES, lineterm=""
    )
    for number, text in enumerate(diff):
        if number < 2:
            continue  # the "--- / +++" header
        if text.startswith("@@"):
            if lines or int(HUNK_START.match(text)[1]) > 1:  # lines left out before it
                lines.append(Line("gap", "…"))
        elif text.startswith("+"):
            lines.append(Line("added", text[1:]))
        elif text.startswith("-"):
            lines.append(Line("removed", text[1:]))
        else:
            lines.append(Line("same", text[1:]))
    return lines


def difference(before: State, after: State) -> Difference:
    return Difference(field_changes(before, after), body_lines(before.body, after.body))
