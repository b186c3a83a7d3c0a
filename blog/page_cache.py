"""A cache of the reader pages that anonymous visitors see.

Only a visitor without a session or pending messages gets a cached page: anyone signed in
(or just signed out with a message to show) is always served fresh, so no page carrying
someone's name, draft or message is ever stored.

Pages are keyed by a content token kept in the same cache. Every change a reader could see
(blog/signals.py) replaces the token, at once and again when the transaction commits, so a
page rendered from data about to change is never served afterwards. The dashboard home's
drafts and recent posts are cached per user under the same token (cadmin/views.py). A cache
that loses the token (eviction, a Redis restart or outage) only costs fresh renders.

A scheduled post changes what readers see without anything being saved: its time comes. So the
token is stored with the time the next scheduled post comes due, and the first request after
that time replaces it. Pages never show a scheduled post early, and no later than its time.
"""

import hashlib
import time
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property

from .models import Post

CONTENT_VERSION_KEY = "blog:content-version"
MESSAGES_COOKIE = "messages"


def is_anonymous_visit(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and MESSAGES_COOKIE not in cookies
    )


def _next_publication() -> float | None:
    """When the next scheduled post comes due (a Unix time), or None if none is scheduled."""
    due = Post.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
    first = due.first()
    return first.timestamp() if first else None


def _new_token() -> str:
    token = uuid.uuid4().hex
    cache.set(CONTENT_VERSION_KEY, (token, _next_publication()), timeout=None)
    return token


def content_changed() -> None:
    """Forget every cached page now, and again once the change is committed."""
    _new_token()
    transaction.on_commit(_new_token)


def content_version() -> str:
    """The current content token: part of the key of anything cached from posts, categories,
    tags or authors, so that a change makes every such entry unreachable at once."""
    stored = cache.get(CONTENT_VERSION_KEY)
    if not isinstance(stored, tuple):
        return _new_token()
    token, next_publication = stored
    if next_publication is not None and time.time() >= next_publication:
        return _new_token()  # a scheduled post has come due: readers must see it now
    return token


def versioned_key(kind: str, address: str) -> str:
    """The cache key of `kind` at `address` under the current content token. Hashed: a visitor
    chooses the query string, and cache keys must stay short and plain."""
    return f"blog:{kind}:{content_version()}:{hashlib.sha256(address.encode()).hexdigest()}"


class CountedOncePaginator(Paginator):
    """A paginator that counts its list once per content token: on a large blog, counting
    every published post costs more than drawing the page, and only a change alters it."""

    def __init__(self, *args, count_key: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        key = versioned_key("count", self.count_key)
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, settings.TGDB_PAGE_CACHE_SECONDS)
        return count


def serve_cached(request: HttpRequest, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """`respond()`'s page, stored and served again for anonymous visits (a 200 only)."""
    if not is_anonymous_visit(request):
        response = respond()
    else:
        # The host too: the sitemap and robots.txt spell out absolute addresses.
        key = versioned_key("page", request.get_host() + request.get_full_path())
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = respond()
            if response.status_code == 200:
                if hasattr(response, "render"):
                    response.render()
                cache.set(
                    key,
                    (response.content, response["Content-Type"]),
                    settings.TGDB_PAGE_CACHE_SECONDS,
                )
    # What a page shows depends on who asks: no shared cache may mix them up.
    patch_vary_headers(response, ("Cookie",))
    return response


class AnonymousPageCacheMixin:
    """For reader pages: serve and store whole pages for anonymous visits."""

    def dispatch(self, request, *args, **kwargs):
        parent = super()
        return serve_cached(request, lambda: parent.dispatch(request, *args, **kwargs))


def anonymous_page_cache(view: Callable) -> Callable:
    """AnonymousPageCacheMixin for a function view (the sitemap, robots.txt)."""

    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return serve_cached(request, lambda: view(request, *args, **kwargs))

    return cached_view
