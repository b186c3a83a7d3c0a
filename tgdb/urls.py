from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import views

handler500 = "tgdb.views.server_error"

urlpatterns = [
    # Django admin's own password pages lead to the dashboard's, which check the password
    # validators and write the audit trail; the name also shows the admin's "Forgotten your
    # password?" link.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="password_change"),
    ),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="password_reset"),
        name="admin_password_reset",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("cadmin/", include("cadmin.urls")),
    # Pictures in posts: each image's address and its files (media/serving.py).
    path("media/", include("media.file_urls")),
    # The passkey ceremonies (JSON) for every door and the security page.
    path("passkeys/", include("mfa.passkey_urls")),
    path("", include("blog.urls")),
]
