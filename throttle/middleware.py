"""Pages at their CPU priority, and a 503 when every password check a request could take
stayed busy (or is sure to)."""

from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from usersessions.devices import cookie_device_id

from .busy_log import log_busy
from .gate import PasswordChecksBusy, gate
from .priority import pages_thread

# Seconds a browser is asked to wait before signing in again; the gate's queue moves faster.
RETRY_AFTER_SECONDS = 5
# The three doors' sign-in pages, whose POST checks a password.
SIGN_IN_URL_NAMES = ("blog_login", "login", "admin:login")


class PasswordGateMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pages_thread(settings.TGDB_PAGE_NICE)
        if is_sure_to_find_no_check(request):
            return busy_response(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PasswordChecksBusy):
            return None
        return busy_response(request)


def busy_response(request: HttpRequest) -> HttpResponse:
    response = render(request, "throttle/busy.html", {"seconds": RETRY_AFTER_SECONDS}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    log_busy(response)
    return response


def is_sure_to_find_no_check(request: HttpRequest) -> bool:
    """A sign-in attempt from a browser no account knows (no device cookie, no session) while
    this worker's checks for such browsers are taken and as many attempts wait as may: it would
    get the 503 after its session, CSRF check and lockout queries. In a storm larger than that,
    such attempts come back as fast as they are answered, so they are answered first."""
    return (
        request.method == "POST"
        and gate().is_full_for_unknown_browsers()
        and request.path_info in sign_in_paths()
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and cookie_device_id(request) is None
    )


@cache
def sign_in_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in SIGN_IN_URL_NAMES)
