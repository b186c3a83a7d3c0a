"""CSRF_FAILURE_VIEW: a dashboard form whose CSRF token went stale is kept, not thrown away.

The token goes stale when the author signs in again in another tab (which rotates the CSRF
cookie). The form is kept only when a page of this site sent it and its view opted in
(KeepsFormAcrossSignIn); every other failure gets Django's own 403.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.views.csrf import csrf_failure as django_csrf_failure

from .mixins import KeepsFormAcrossSignIn
from .origins import sent_from_this_site


def _opted_in_view(request: HttpRequest) -> KeepsFormAcrossSignIn | None:
    """The view the POST was meant for, set up for this request, if it keeps forms."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, KeepsFormAcrossSignIn):
        return None
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    return view


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.method == "POST" and sent_from_this_site(request):
        view = _opted_in_view(request)
        if view is not None:
            # The form page itself then sends a signed-out author to sign in, or shows the text.
            kept = view.keep_posted_form(HttpResponseRedirect)
            if kept is not None:
                return kept
    return django_csrf_failure(request, reason)
