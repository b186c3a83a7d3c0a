"""The dashboard home."""

from django.views.generic import TemplateView

from blog.models import Post

from .mixins import DashboardPageMixin

RECENT_POSTS = 10


class HomeView(DashboardPageMixin, TemplateView):
    template_name = "cadmin/admin_page.html"

    def get_context_data(self, **kwargs):
        posts = Post.objects.editable_by(self.request.user).for_dashboard()
        return super().get_context_data(recent_posts=posts[:RECENT_POSTS], **kwargs)
