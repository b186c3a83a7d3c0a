"""`{% picture image %}`: a library image drawn for every screen, as in a post's body."""

from django import template
from django.utils.safestring import mark_safe

from media.markup import picture as drawn_picture

register = template.Library()


@register.simple_tag
def picture(image, eager: bool = False) -> str:
    """Nothing for no image. Reads `image.width_renditions` (media.markup.width_renditions);
    without them, the stored picture."""
    if image is None:
        return ""
    return mark_safe(drawn_picture(image, {}, eager=eager))  # noqa: S308 - values escaped there
