"""How the product's own forms are drawn, and what they keep of values their widgets show
only in part."""

from typing import ClassVar

from django import forms
from django.forms.renderers import Jinja2
from django.utils.safestring import SafeString
from django.utils.translation import get_language

# Django's own form templates in their Jinja2 edition: the same markup as the default renderer
# at about a third of the cost, which is most of the cost of a sign-in page. Set per form, not
# as FORM_RENDERER, because the admin's widgets only come as Django templates.
JINJA2_RENDERER = Jinja2()


class Jinja2RenderedForm:
    """Mix into a form class ahead of Django's form class."""

    default_renderer = JINJA2_RENDERER


class EmptyFormDrawnOnce:
    """For a form that every visitor first sees empty, such as a sign-in form.

    Its empty markup depends only on the code, the settings and the language, so each process
    draws it once. A form that is bound (it carries what someone typed, and its errors) or has
    initial values is always drawn afresh, so nothing one visitor sent can reach another.
    """

    _empty_markup: ClassVar[dict[tuple, SafeString]] = {}

    def render(self, template_name=None, context=None, renderer=None):
        if not self._is_plain_empty_form() or context is not None or renderer is not None:
            return super().render(template_name, context, renderer)
        key = (type(self), template_name, self.prefix, self.auto_id, get_language())
        markup = self._empty_markup.get(key)
        if markup is None:
            markup = self._empty_markup[key] = super().render(template_name)
        return markup

    def _is_plain_empty_form(self) -> bool:
        return (
            not self.is_bound
            and not self.initial
            and all(field.initial is None for field in self.fields.values())
        )


class DateTimeComparedAsShownField(forms.DateTimeField):
    """A date and time whose widget shows less than the value holds (to the minute, say): it
    has changed only if what comes back differs from what the widget showed."""

    def has_changed(self, initial, data) -> bool:
        shown = self.widget.format_value(self.prepare_value(initial))
        return super().has_changed(self.to_python(shown), data)


class KeepsUnchangedValues:
    """Mix into a model form ahead of Django's form class. Each field named in `keep_unchanged`
    that the user left as it was saves the value the form started with, exactly: its widget
    shows less than the value holds (a time without its microseconds, or to the minute), and
    saving what came back would round the value down at every save."""

    keep_unchanged: ClassVar[tuple[str, ...]] = ()

    def clean(self):
        cleaned_data = super().clean()
        for name in self.keep_unchanged:
            if name in cleaned_data and name not in self.changed_data:
                cleaned_data[name] = self.initial.get(name)
        return cleaned_data
