"""{% if user|has_no_role %}{% no_role_notice %}{% endif %}: what roles are and whom to ask."""

from django import template

from team import no_role, roles

register = template.Library()

register.filter("has_no_role", roles.has_no_role)


@register.inclusion_tag("team/_no_role_notice.html")
def no_role_notice() -> dict:
    return no_role.notice()
