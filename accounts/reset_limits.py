"""How often password-reset e-mail may be asked for, counted on the activity trail.

Each request is an AccountEvent ("reset_requested") with the address typed and the IP. Within
an hour, one address is sent at most TGDB_RESET_EMAILS_PER_ADDRESS e-mails: further requests get
the usual answer and no e-mail, so nobody can fill someone's mailbox and the answer still never
tells whether an address is known. One IP may ask at most TGDB_RESET_REQUESTS_PER_IP times; past
that it gets a 429 page until the oldest request of the hour ages out. The counts live in the
database, so every app server shares them.
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import pauses
from .audit import Kind, record
from .backends import find_user
from .client_ip import client_ip
from .models import AccountEvent

WINDOW = timedelta(hours=1)
PAUSED_TEMPLATE = "cadmin/password_reset_paused.html"


def _requests():
    return AccountEvent.objects.filter(kind=Kind.RESET_REQUESTED)


def _network_wait(request: HttpRequest) -> timedelta | None:
    from_here = _requests().filter(ip_address=client_ip(request))
    return pauses.wait_left(from_here, settings.TGDB_RESET_REQUESTS_PER_IP, WINDOW)


def network_is_paused(request: HttpRequest) -> bool:
    return _network_wait(request) is not None


def paused_response(request: HttpRequest) -> HttpResponse:
    """429, saying when this network may ask again."""
    remaining = _network_wait(request) or timedelta(minutes=1)
    return pauses.paused_response(request, PAUSED_TEMPLATE, remaining)


def note_request(request: HttpRequest, email: str) -> bool:
    """Record this request; whether an e-mail may still be sent to `email` this hour."""
    address = email.strip().lower()
    to_address = _requests().filter(username=address)
    allowed = pauses.wait_left(to_address, settings.TGDB_RESET_EMAILS_PER_ADDRESS, WINDOW) is None
    record(request, Kind.RESET_REQUESTED, user=find_user(address), username=address)
    return allowed
