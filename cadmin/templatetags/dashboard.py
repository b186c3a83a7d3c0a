"""{% dashboard_nav %}: the dashboard's navigation (cadmin/navigation.py), drawn by
cadmin/base.html on every dashboard page, so no view has to pass it."""

from django import template

from cadmin import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_nav(context) -> str:
    request = context["request"]
    # An error page drawn by a handler may have no resolved URL: then nothing is marked.
    match = request.resolver_match
    return navigation.drawn_menu(request.user, match.url_name if match else None)
