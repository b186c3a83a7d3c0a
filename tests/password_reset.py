"""The password-reset flow's addresses and e-mail, as the tests of it see them."""

import re

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

RESET_URL = "/cadmin/password-reset/"
COMPLETE_URL = "/cadmin/password-reset/complete/"
NEW_PASSWORD = "a-brand-new-passphrase-42"
# The e-mailed link: path (/cadmin/password-reset/<uid>/<token>/) and what follows it.
EMAILED_LINK = re.compile(r"http://testserver(/cadmin/password-reset/[^/\s]+/[^/\s]+/)(\S*)")


def uid_of(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def emailed_link(message) -> tuple[str, str]:
    """The confirm path and its query string (with its "?") from a reset e-mail."""
    match = EMAILED_LINK.search(message.body)
    assert match, message.body
    return match.group(1), match.group(2)


def reset_link_path(user) -> str:
    return f"{RESET_URL}{uid_of(user)}/{default_token_generator.make_token(user)}/"


def set_password_path(user) -> str:
    return f"{RESET_URL}{uid_of(user)}/set-password/"
