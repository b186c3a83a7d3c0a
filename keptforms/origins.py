"""Whether a POST was sent by a page of this site, judged as Django's CSRF check judges it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.utils.http import is_same_domain


def _origin_of_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _is_this_site(request: HttpRequest, origin: str) -> bool:
    try:
        host = request.get_host()
    except DisallowedHost:
        return False
    if origin == f"{'https' if request.is_secure() else 'http'}://{host}":
        return True
    trusted = settings.CSRF_TRUSTED_ORIGINS
    if origin in trusted:
        return True
    scheme, netloc = urlsplit(origin)[:2]
    return any(
        is_same_domain(netloc, urlsplit(pattern).netloc.lstrip("*"))
        for pattern in trusted
        if "*" in pattern and urlsplit(pattern).scheme == scheme
    )


def sent_from_this_site(request: HttpRequest) -> bool:
    """Origin, or without it Referer, names this site; neither header means no."""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        origin = _origin_of_url(referer) if referer else None
    return origin is not None and _is_this_site(request, origin)
