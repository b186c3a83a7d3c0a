"""What of a POSTed form may be kept, and whether it fits what the form could ever accept."""

import re

from django import forms
from django.http import QueryDict

CSRF_FIELD = "csrfmiddlewaretoken"
# Never kept, whatever the form: secrets must not outlive the request that carried them.
PASSWORD_LIKE = re.compile(r"pass|pwd|secret|token|otp|csrf", re.IGNORECASE)

# A field without a max_length (a choice, a date, the tags ticked) sends short values: this is
# the room for all of one such field's values together.
ROOM_FOR_A_FIELD_WITHOUT_MAX_LENGTH = 10_000
# Names the form does not declare (a hidden field its template adds) share this room.
ROOM_FOR_UNDECLARED_NAMES = 10_000


def may_keep(form_class: type[forms.BaseForm]) -> bool:
    """A form that asks for a password is never kept, even if its view opted in."""
    return not any(
        isinstance(field.widget, forms.PasswordInput) for field in form_class.base_fields.values()
    )


def keepable(posted: QueryDict) -> dict[str, list[str]]:
    return {
        name: posted.getlist(name)
        for name in posted
        if name != CSRF_FIELD and not PASSWORD_LIKE.search(name)
    }


def _length(values: list[str]) -> int:
    # Browsers count a line break as one character against maxlength and send it as two.
    return sum(len(value.replace("\r\n", "\n")) for value in values)


def fits(data: dict[str, list[str]], form_class: type[forms.BaseForm]) -> bool:
    """False when some field holds more than the form could ever accept."""
    fields = form_class.base_fields
    undeclared = 0
    for name, values in data.items():
        field = fields.get(name)
        if field is None:
            undeclared += len(name) + _length(values)
            continue
        room = getattr(field, "max_length", None) or ROOM_FOR_A_FIELD_WITHOUT_MAX_LENGTH
        if _length(values) > room:
            return False
    return undeclared <= ROOM_FOR_UNDECLARED_NAMES
