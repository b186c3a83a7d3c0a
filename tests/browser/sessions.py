"""What the server holds for the browser's session."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY


def signed_in_user_id(page) -> str | None:
    """Who the browser's session cookie signs in, as the server sees it (None: nobody).

    A sign-in page may give an anonymous visitor a session of their own: the passkey offered in
    the username field's suggestions keeps its challenge there. Only a session user matters.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for cookie in page.context.cookies():
        if cookie["name"] == settings.SESSION_COOKIE_NAME:
            return store(session_key=cookie["value"]).get(SESSION_KEY)
    return None
