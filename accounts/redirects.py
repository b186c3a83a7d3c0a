"""Where a user-supplied `next` may send the browser: only to a relative path on this site."""

from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

REDIRECT_FIELD_NAME = "next"


def safe_next_url(request: HttpRequest, candidate: str | None) -> str | None:
    """Return `candidate` if it is a same-site relative path, otherwise None.

    Django's check already refuses other hosts, `//host`, backslash tricks and non-HTTP
    schemes; on top of it we accept only a path ("/..."), never an absolute URL, so that a
    link can never leave the site even through a host name we serve.
    """
    if not candidate:
        return None
    if not url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return None
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or not candidate.startswith("/"):
        return None
    return candidate


def requested_next_url(request: HttpRequest) -> str | None:
    """The safe `next` from the POSTed form or the query string, unless it is this very page.

    Sending the browser back to the page it is on (say `/login/?next=/login/` for a signed-in
    user) would only loop, so such a value counts as absent.
    """
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    url = safe_next_url(request, candidate)
    if url and urlsplit(url).path == request.path:
        return None
    return url


def redirect_target(request: HttpRequest, default: str) -> str:
    """The safe `next` if one was given, otherwise `default` (a URL or a URL pattern name)."""
    return requested_next_url(request) or resolve_url(default)


def with_next(url: str, next_url: str | None) -> str:
    """`url` carrying `next_url` as its `next`, or `url` alone when there is none."""
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


class SafeNextMixin:
    """Make Django's auth views (RedirectURLMixin) use our stricter `next` rule.

    Dropping a `next` that points at the page itself also spares a signed-in user who opens
    `/cadmin/login/?next=/cadmin/login/` Django's redirection-loop error.
    """

    request: HttpRequest

    def get_redirect_url(self) -> str:
        return requested_next_url(self.request) or ""
