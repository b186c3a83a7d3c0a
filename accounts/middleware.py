"""Refuse form posts whose text is not UTF-8, before any view can save mangled text."""

from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
UNREADABLE_FORM = "The form could not be read: its text is not valid UTF-8. Nothing was saved."


class RejectUndecodableFormMiddleware:
    """Answer 400 to a urlencoded POST with bytes that are not UTF-8.

    Django would quietly turn such bytes into U+FFFD (or read the body as Latin-1), and a
    valid-looking form would then overwrite an author's post with the garbage.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == FORM_CONTENT_TYPE:
            try:
                # Raw bytes and percent-escapes alike must decode strictly.
                parse_qsl(request.body.decode("utf-8"), keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                return render(request, "400.html", {"message": UNREADABLE_FORM}, status=400)
        return self.get_response(request)
