"""The address a request really came from, for lockouts and the audit trail.

`REMOTE_ADDR` is the peer that opened the connection and cannot be forged. Behind N reverse
proxies (`TGDB_TRUSTED_PROXIES = N`), each proxy appends the address it received the request
from to `X-Forwarded-For`, so the client is the N-th entry from the right; everything further
left was written by the client itself and is never believed.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(candidate: str) -> str | None:
    try:
        return str(ip_address(candidate.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    peer = request.META.get("REMOTE_ADDR")
    hops = settings.TGDB_TRUSTED_PROXIES
    if hops <= 0:
        return peer
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < hops:
        # The request did not pass through every proxy we expect: only the peer is known.
        return peer
    return _valid_ip(forwarded[-hops]) or peer
