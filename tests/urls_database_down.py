"""The project's URLs plus views that fail the way a database does, for test_database_outage."""

from django.db.utils import InterfaceError, OperationalError, ProgrammingError
from django.urls import include, path

from tgdb.urls import handler500  # the handler under test, exactly as the project wires it

FAILURES = {
    "operational": OperationalError("could not connect to server: Connection refused"),
    "interface": InterfaceError("connection already closed"),
    "programming": ProgrammingError('relation "blog_missing" does not exist'),
}


def failing_view(kind: str):
    def view(request):
        raise FAILURES[kind]

    return view


urlpatterns = [
    *(path(f"fails/{kind}/", failing_view(kind)) for kind in FAILURES),
    path("", include("tgdb.urls")),
]

__all__ = ["handler500", "urlpatterns"]
