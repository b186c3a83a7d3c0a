from django import template

from accounts.browsers import browser_name as name_of

register = template.Library()


@register.filter
def browser_name(user_agent: str) -> str:
    """{{ event.user_agent|browser_name }}: "Firefox 130 on Windows"."""
    return name_of(user_agent or "")
