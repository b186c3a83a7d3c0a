"""What the pages of a signed-in account share, whichever app draws them."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

# Django's FormView would also take PUT as a POST; our pages answer only what a browser sends.
BROWSER_METHODS = ["get", "head", "post", "options"]


@method_decorator(never_cache, name="dispatch")
class SignedInPageMixin(LoginRequiredMixin):
    """Signed-in only, and never stored by a browser or proxy: after sign-out on a shared
    computer, the Back button must not bring an author's pages back."""
