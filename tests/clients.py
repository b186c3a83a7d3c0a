"""Test clients as the tests' users arrive."""

from django.test import Client


def signed_in(user) -> Client:
    """A browser already signed in as `user` (no sign-in page, no audit of a real sign-in)."""
    client = Client()
    client.force_login(user)
    return client
