"""After each response: this session's "last active" (now and then) and the device cookie."""

from django.http import HttpRequest

from . import devices, records


class SessionActivityMiddleware:
    """Placed after SessionMiddleware, so what it writes to the session is saved."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        records.note_activity(request)
        devices.write_cookie(request, response)
        return response
