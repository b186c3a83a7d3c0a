"""{% dashboard_nav %}: the dashboard's navigation (cadmin/navigation.py), drawn by
cadmin/base.html on every dashboard page, so no view has to pass it."""

from django import template

from cadmin import navigation

register = template.Library()


@register.inclusion_tag("cadmin/_dashboard_nav.html", takes_context=True)
def dashboard_nav(context) -> dict:
    request = context["request"]
    # An error page drawn by a handler may have no resolved URL: then nothing is marked.
    match = request.resolver_match
    return {"menu": navigation.menu_for(request.user, match.url_name if match else None)}
