"""How the product's own forms are drawn."""

from django.forms.renderers import Jinja2

# Django's own form templates in their Jinja2 edition: the same markup as the default renderer
# at about a third of the cost, which is most of the cost of a sign-in page. Set per form, not
# as FORM_RENDERER, because the admin's widgets only come as Django templates.
JINJA2_RENDERER = Jinja2()


class Jinja2RenderedForm:
    """Mix into a form class ahead of Django's form class."""

    default_renderer = JINJA2_RENDERER
