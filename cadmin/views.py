"""The dashboard home: what waits for the person first, then their recent posts and who they are."""

from django.conf import settings
from django.views.generic import TemplateView

from accounts import activity_version
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
        return super().get_context_data(
            # Each list below is drawn into a fragment cached under a token that any change to
            # what it shows replaces, and is a callable the template calls (and so queries)
            # only when its fragment is drawn afresh: a visit served from the cache builds none.
            unfinished_posts=lambda: Post.objects.unfinished_by(user)[:UNFINISHED_POSTS],
            # Per user under the content token, which every change to a post, category, tag or
            # author replaces: never stale, never shared.
            recent_posts=lambda: Post.objects.listed_for(user).for_dashboard()[:RECENT_POSTS],
            **post_table_context(user),
            content_version=content_version(),
            fragment_seconds=settings.TGDB_PAGE_CACHE_SECONDS,
            # What the Activity page lists first, under the person's activity token
            # (accounts/activity_version.py), which every event written for them replaces.
            recent_events=lambda: AccountEvent.objects.visible_to(user)[:RECENT_EVENTS],
            activity_version=activity_version.version_for(user),
            # Editors only, and never cached: the queue is what they act on next.
            waiting_for_review=queue.summary_for(user),
            **kwargs,
        )
