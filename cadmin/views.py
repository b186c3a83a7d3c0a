"""The dashboard home."""

from django.conf import settings
from django.views.generic import TemplateView

from blog.models import Post
from blog.page_cache import content_version
from review import queue

from .mixins import DashboardPageMixin, post_table_context

RECENT_POSTS = 10


class HomeView(DashboardPageMixin, TemplateView):
    template_name = "cadmin/admin_page.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        posts = Post.objects.listed_for(user).for_dashboard()
        return super().get_context_data(
            recent_posts=posts[:RECENT_POSTS],
            **post_table_context(user),
            # The recent-posts table is cached per user under the content token, which every
            # change to a post, category, tag or author replaces: never stale, never shared.
            content_version=content_version(),
            fragment_seconds=settings.TGDB_PAGE_CACHE_SECONDS,
            # Editors only, and never cached: the queue is what they act on next.
            waiting_for_review=queue.summary_for(user),
            **kwargs,
        )
