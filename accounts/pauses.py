"""The answer to a request that must wait: HTTP 429, a page saying for how long, Retry-After."""

import math
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def paused_response(request: HttpRequest, template: str, remaining: timedelta) -> HttpResponse:
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    response = render(request, template, {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
