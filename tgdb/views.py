"""Site-wide views: the health check for load balancers, and the server error page."""

import logging
import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
UNAVAILABLE_RETRY_SECONDS = 5


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


def _cache_answers() -> bool:
    # Our Redis cache turns an outage into misses, so a value that does not come back is
    # the only sign of one; the probe key is unique, so app servers never confuse theirs.
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    answered = cache.get(key) == value
    cache.delete(key)
    return answered


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"db": "ok", "cache": "ok"} when both answer, otherwise 503 naming what failed.

    It reads no session and writes nothing to the database.
    """
    status = {
        "db": "ok" if _database_answers() else "error",
        "cache": "ok" if _cache_answers() else "error",
    }
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that is down or restarting is a 503 "try again shortly";
    anything else is our 500 page. Rendered without the request: no database needed."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):  # unreachable, not a bug in a query
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(UNAVAILABLE_RETRY_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
