"""The project's URLs plus a view that fails, to see the 500 page a visitor would get."""

from django.urls import include, path

# Text that must never reach the visitor: it stands for what a real error would reveal.
SECRET_DETAIL = "database password hunter2 in /srv/tgdb/secrets.py"


def broken_view(request):
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [
    path("broken/", broken_view),
    path("", include("tgdb.urls")),
]
