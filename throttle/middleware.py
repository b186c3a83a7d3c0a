"""Pages at their CPU priority, and a 503 when every password check a request could take
stayed busy."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .gate import PasswordChecksBusy
from .priority import pages_thread

# Seconds a browser is asked to wait before signing in again; the gate's queue moves faster.
RETRY_AFTER_SECONDS = 5


class PasswordGateMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pages_thread(settings.TGDB_PAGE_NICE)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PasswordChecksBusy):
            return None
        response = render(
            request, "throttle/busy.html", {"seconds": RETRY_AFTER_SECONDS}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
