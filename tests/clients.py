"""Test clients as the tests' users arrive."""

from django.contrib.auth import SESSION_KEY
from django.test import Client


def signed_in(user) -> Client:
    """A browser already signed in as `user` (no sign-in page, no audit of a real sign-in)."""
    client = Client()
    client.force_login(user)
    return client


def signed_in_as(client) -> str | None:
    """The id of the user the client's session signs in, or None."""
    return client.session.get(SESSION_KEY)
