"""The dashboard home: what waits for the person first, then their recent posts and who they are."""

from django.conf import settings
from django.views.generic import TemplateView

from accounts.models import AccountEvent
from blog.models import Post
from blog.page_cache import content_version
from review import queue

from .mixins import DashboardPageMixin, post_table_context

RECENT_POSTS = 10
# The home shows the first few of each; their own pages (Posts, Activity) show them all.
UNFINISHED_POSTS = 5
RECENT_EVENTS = 5


class HomeView(DashboardPageMixin, TemplateView):
    template_name = "cadmin/admin_page.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        posts = Post.objects.listed_for(user).for_dashboard()
        return super().get_context_data(
            # Drawn, like the recent posts, into a fragment cached under the content token.
            unfinished_posts=Post.objects.unfinished_by(user)[:UNFINISHED_POSTS],
            recent_posts=posts[:RECENT_POSTS],
            **post_table_context(user),
            # The recent-posts table is cached per user under the content token, which every
            # change to a post, category, tag or author replaces: never stale, never shared.
            content_version=content_version(),
            fragment_seconds=settings.TGDB_PAGE_CACHE_SECONDS,
            # Editors only, and never cached: the queue is what they act on next.
            waiting_for_review=queue.summary_for(user),
            # What the Activity page lists first; never cached, a sign-in changes no content.
            recent_events=AccountEvent.objects.visible_to(user)[:RECENT_EVENTS],
            **kwargs,
        )
