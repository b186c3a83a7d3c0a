"""Names the request for the password gate, and answers 503 when its checks are all taken."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .context import current_request
from .gate import PasswordChecksBusy

# Seconds a browser is asked to wait before signing in again; the gate's queue moves faster.
RETRY_AFTER_SECONDS = 5


class PasswordGateMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, PasswordChecksBusy):
            return None
        response = render(
            request, "throttle/busy.html", {"seconds": RETRY_AFTER_SECONDS}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
