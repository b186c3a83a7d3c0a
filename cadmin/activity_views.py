"""Account activity: the audit trail as each user may see it."""

from django.views.generic import ListView

from accounts.models import AccountEvent

from .mixins import DashboardPageMixin

EVENTS_PER_PAGE = 50


class ActivityView(DashboardPageMixin, ListView):
    """Your own events, newest first; a superuser sees everyone's."""

    template_name = "cadmin/activity.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_PAGE

    def get_queryset(self):
        return AccountEvent.objects.visible_to(self.request.user)
