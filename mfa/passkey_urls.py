"""The passkey ceremonies' JSON endpoints, under the names django-otp-webauthn's scripts and
template tags look up (namespace "otp_webauthn"), served by our views."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from . import passkeys

app_name = "otp_webauthn"

urlpatterns = [
    path(
        "register/begin/",
        passkeys.BeginRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "register/complete/",
        passkeys.CompleteRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authenticate/begin/",
        passkeys.BeginAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authenticate/complete/",
        passkeys.CompleteAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
