"""The long post the save scenarios edit: 5,000 words of Markdown paragraphs (about 30 kB), the
same in every process, and the one-word change that makes each save send new text.

Plain Python, no Django: the bench's own process builds the forms it posts from it, and the
bench's Django processes build the posts and their revisions from it.
"""

import random

WORDS = 5_000
# Paragraphs of 40 to 160 words, as people write them; a heading now and then.
SHORTEST_PARAGRAPH, LONGEST_PARAGRAPH = 40, 160
PARAGRAPHS_PER_SECTION = 6
# Words of everyday English prose, about five letters long on average.
PROSE = (
    "the of and to in is that for it as with was on be by this are from at or an have not "
    "but which their they one all were we when there can more will if about would so what "
    "other into some time these could only than them its like then first also after new "
    "any people may such work made over most where much through before years should well "
    "because each between those both under never place while without another small found "
    "again around thought system program number however always something water "
    "database request server template response session version revision editor author "
    "writing article paragraph sentence question answer problem example general public "
    "important different following together children country against within"
)
VOCABULARY = PROSE.split()
SEED = 5_000  # any fixed number: every process draws the same words
EDITED_WORD = WORDS // 2  # the word a save changes, in the middle of the post


def _words() -> list[str]:
    draw = random.Random(SEED)  # noqa: S311 - filler text, not a secret
    return [draw.choice(VOCABULARY) for _ in range(WORDS)]


_WORDS = _words()


def body(edit: str = "", pictures: tuple[str, ...] | list[str] = ()) -> str:
    """The post's Markdown, its EDITED_WORD-th word replaced by `edit` when given: each save
    of a scenario names another edit, so no save sends the text the post already has. With
    `pictures` (their Markdown), one after every few blocks, spread over the whole post."""
    words = list(_WORDS)
    if edit:
        words[EDITED_WORD] = edit
    draw = random.Random(SEED)  # noqa: S311 - the same paragraphs every time
    blocks, start, written = [], 0, 0
    while start < len(words):
        length = draw.randint(SHORTEST_PARAGRAPH, LONGEST_PARAGRAPH)
        paragraph = words[start : start + length]
        paragraph[0] = paragraph[0].capitalize()
        blocks.append(" ".join(paragraph) + ".")
        start, written = start + length, written + 1
        if written % PARAGRAPHS_PER_SECTION == 0 and start < len(words):
            blocks.append(f"## Part {written // PARAGRAPHS_PER_SECTION + 1}")
    if pictures:
        every = len(blocks) // (len(pictures) + 1)
        for number, picture in reversed(list(enumerate(pictures, start=1))):
            blocks.insert(number * every, picture)
    return "\n\n".join(blocks) + "\n"


def editor_fields(
    post: dict, edit: str, token: str, version: int | None = None
) -> list[tuple[str, str]]:
    """The editor form as a browser sends it, the body changed by `edit`: `post` holds the
    fields that stay as they are (title, category, tags, status), as bench.prepare gives them.
    `version` is the one the edit was opened on; a form without one is the plain save's."""
    fields = [
        ("csrfmiddlewaretoken", token),
        ("title", post["title"]),
        ("body", body(edit, post.get("pictures", ()))),
        ("category", str(post["category"])),
        *(("tags", str(tag)) for tag in post["tags"]),
        ("status", post["status"]),
        ("published_at", ""),  # a draft: no publication time yet
    ]
    if version is not None:
        fields.append(("version", str(version)))
    return fields
