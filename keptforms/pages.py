"""The pages that say why a form could not be kept."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def too_large(request: HttpRequest) -> HttpResponse:
    return render(request, "keptforms/too_large.html", status=413)


def too_many(request: HttpRequest) -> HttpResponse:
    context = {
        "limit": settings.TGDB_KEPT_FORMS_PER_IP,
        "hours": settings.TGDB_KEPT_FORM_HOURS,
    }
    return render(request, "keptforms/too_many.html", context, status=429)
