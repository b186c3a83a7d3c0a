"""The passkey scripts of django-otp-webauthn, configured for the page that includes them."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

register = template.Library()


@register.inclusion_tag("django_otp_webauthn/auth_scripts.html", takes_context=True)
def passkey_sign_in_scripts(context, door: str = "", autofill: bool = False) -> dict:
    """For a page with a "use a passkey" button; `autofill` also offers passkeys in the
    username field's suggestions (conditional mediation), where the browser can."""
    options = {}
    if autofill:
        options["autocompleteLoginFieldSelector"] = "input[name='username']"
    if door:
        url = reverse("otp_webauthn:credential-authentication-complete")
        options["completeAuthenticationUrl"] = f"{url}?{urlencode({'door': door})}"
    return {"configuration": get_configuration(context["request"], options)}


@register.inclusion_tag("django_otp_webauthn/register_scripts.html", takes_context=True)
def passkey_register_scripts(context) -> dict:
    return {"configuration": get_configuration(context["request"])}
