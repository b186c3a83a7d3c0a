"""Requests that must wait: how long, counted on the database's own records, and the answer,
HTTP 429 with a page saying for how long and Retry-After."""

import math
from datetime import timedelta

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def wait_left(events: QuerySet, limit: int, window: timedelta) -> timedelta | None:
    """None while fewer than `limit` of `events` (rows with a `created_at`) happened in the last
    `window`; otherwise how long until enough of them age out for one more. One query."""
    if limit < 1:
        return window  # nothing is allowed
    now = timezone.now()
    counted = events.filter(created_at__gt=now - window).order_by("-created_at")
    # The limit-th newest: once it ages out, fewer than `limit` are left.
    last = list(counted.values_list("created_at", flat=True)[limit - 1 : limit])
    return last[0] + window - now if last else None


def paused_response(
    request: HttpRequest, template: str, remaining: timedelta, context: dict | None = None
) -> HttpResponse:
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    response = render(request, template, {"minutes": minutes, **(context or {})}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
