"""What every dashboard page shares."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache


@method_decorator(never_cache, name="dispatch")
class DashboardPageMixin(LoginRequiredMixin):
    """Signed-in only, and never stored by a browser or proxy: after sign-out on a shared
    computer, the Back button must not bring an author's dashboard back."""
