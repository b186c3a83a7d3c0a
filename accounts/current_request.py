"""The request being served, for code that Django calls without it.

Django's hashers and the user's check_password are called without the request, yet what they
do depends on it: the password gate (throttle) gives a known browser its own slot, and a hash
upgrade must update the session of the request that caused it. The middleware names the
request in a context variable, one per thread.
"""

from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


class CurrentRequestMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
