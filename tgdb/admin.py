"""Django admin's site, whose sign-in page is the third door into the same house."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


class AdminSite(admin.AdminSite):
    """Django's admin site; only its sign-in view differs.

    Django's own `AdminSite.login` builds the same context and hands it to a stock `LoginView`,
    which would sign in on a password alone. Ours hands it to a `LoginView` that sends an
    account with a second factor on to the dashboard's second step.
    """

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))

        # Imported here, as Django does: this module loads before the apps' models.
        from mfa.sign_in import AdminSignInView

        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return AdminSignInView.as_view(extra_context=context)(request)
