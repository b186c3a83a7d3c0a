"""sitemap.xml (django.contrib.sitemaps): what readers can see, each with when it last changed.

Posts are the published ones; categories, tags and authors those with a published post, each
dated by its newest change to one. Each section is one query, whatever the number of rows."""

from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from .models import Category, Post, Tag


def _live(prefix: str) -> Q:
    """The related posts readers can see, for an annotation across `prefix`."""
    return Q(
        **{
            f"{prefix}__status": Post.Status.PUBLISHED,
            f"{prefix}__published_at__lte": timezone.now(),
            f"{prefix}__deleted_at__isnull": True,
        }
    )


class PostSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Post.objects.published().only("pk", "slug", "updated").order_by("-published_at")

    def lastmod(self, post: Post):
        return post.updated


class _WithLivePostsSitemap(Sitemap):
    """Things that list posts, dated by the newest change to one of their live posts."""

    changefreq = "daily"
    model = None
    posts = "posts"

    def items(self):
        newest = Max(f"{self.posts}__updated", filter=_live(self.posts))
        return (
            self.model.objects.annotate(newest_post=newest)
            .filter(newest_post__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.newest_post


class CategorySitemap(_WithLivePostsSitemap):
    model = Category


class TagSitemap(_WithLivePostsSitemap):
    model = Tag


class AuthorSitemap(_WithLivePostsSitemap):
    @property
    def model(self):
        return get_user_model()

    def location(self, author) -> str:
        return reverse("post_by_author", args=[author.get_username()])


SITEMAPS = {
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
