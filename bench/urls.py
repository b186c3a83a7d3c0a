"""The site's URLs, except /admin/login/: there, Django admin's stock sign-in page.

The site's own admin sign-in (tgdb.admin.AdminSite.login) leads an account with a second
factor on to the dashboard's second step. The bench compares the dashboard's sign-in page and
post with what Django itself ships, so its server answers /admin/login/ with Django's own
AdminSite.login, on the same admin site: a stock LoginView with AdminAuthenticationForm and
admin/login.html, and the admin's context. The bench's superuser has no second factor, so
Django's page signs it in as the site's would.

It also answers /cadmin/post/plain-update/<pk>/ with the editor's save as it was before
revisions (bench/plain_save.py), which `post_save` is compared with.
"""

from django.contrib import admin
from django.urls import path

from tgdb import urls as site

from .plain_save import PlainPostUpdateView

handler500 = site.handler500


def stock_admin_login(request):
    return admin.AdminSite.login(admin.site, request)


urlpatterns = [
    path("admin/login/", stock_admin_login),
    path("cadmin/post/plain-update/<int:pk>/", PlainPostUpdateView.as_view()),
    *site.urlpatterns,
]
