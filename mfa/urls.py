"""The dashboard's security pages, mounted by cadmin under /cadmin/."""

from django.urls import path

from .views import confirm, recovery, second_step, security

urlpatterns = [
    path(
        "login/verify/",
        second_step.SecondStepView.as_view(
            template_name="cadmin/login_verify.html", sign_in_url_name="login"
        ),
        name="login_verify",
    ),
    path("confirm/", confirm.ConfirmView.as_view(), name="reauthenticate"),
    path("security/", security.SecurityView.as_view(), name="security"),
    path("security/authenticator/", security.AuthenticatorView.as_view(), name="authenticator"),
    path(
        "security/authenticator/remove/",
        security.RemoveAuthenticatorView.as_view(),
        name="authenticator_remove",
    ),
    path("security/recovery-codes/", recovery.RecoveryCodesView.as_view(), name="recovery_codes"),
    path(
        "security/recovery-codes/new/",
        security.NewRecoveryCodesView.as_view(),
        name="recovery_codes_new",
    ),
    path(
        "security/recovery-codes/download/",
        recovery.RecoveryCodesDownloadView.as_view(),
        name="recovery_codes_download",
    ),
    path("security/passkeys/<int:pk>/", security.PasskeyView.as_view(), name="passkey"),
    path(
        "security/passkeys/<int:pk>/remove/",
        security.RemovePasskeyView.as_view(),
        name="passkey_remove",
    ),
    path(
        "security/trusted-browsers/forget/",
        security.ForgetTrustedBrowsersView.as_view(),
        name="trusted_browsers_forget",
    ),
]
