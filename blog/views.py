"""Reader-facing pages: the post list, one post, posts by category, by tag and by author."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from . import meta
from .models import Category, Post, Tag, published_authors
from .page_cache import AnonymousPageCacheMixin, CountedOncePaginator, anonymous_page_cache
from .pictures import link_preview

POSTS_PER_PAGE = 10


class PostListView(AnonymousPageCacheMixin, ListView):
    """Published posts, newest first, ten a page."""

    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE
    heading = "Latest posts"

    def get_queryset(self):
        return Post.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading,
            meta_title=f"{self.heading} · {meta.BLOG_NAME}",
            list_feeds=self.list_feeds(),
            **kwargs,
        )

    def list_feeds(self) -> tuple[str, str] | None:
        """This list's own RSS and Atom feeds (the blog's are on every page already)."""
        return None

    def get_paginator(self, queryset, per_page, **kwargs):
        # The address names the list (all posts, a category, a tag); the page is not part of it.
        return CountedOncePaginator(queryset, per_page, count_key=self.request.path, **kwargs)


class PostsInCategoryView(PostListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        self.heading = f"Category: {self.category.name}"
        return super().get_queryset().filter(category=self.category)

    def list_feeds(self):
        slug = self.category.slug
        return reverse("category_feed", args=[slug]), reverse("category_feed_atom", args=[slug])


class PostsWithTagView(PostListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.heading = f"Tag: {self.tag.name}"
        return super().get_queryset().filter(tags=self.tag)

    def list_feeds(self):
        slug = self.tag.slug
        return reverse("tag_feed", args=[slug]), reverse("tag_feed_atom", args=[slug])


class PostsByAuthorView(PostListView):
    """An author's published posts, under their byline and bio. Someone with nothing
    published has no page: readers never learn of accounts that have not written for them."""

    def get_queryset(self):
        self.author = get_object_or_404(published_authors(), username=self.kwargs["username"])
        self.heading = self.author.byline
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def list_feeds(self):
        name = self.author.get_username()
        return reverse("author_feed", args=[name]), reverse("author_feed_atom", args=[name])


class PostDetailView(AnonymousPageCacheMixin, DetailView):
    """One post; a stale or mistyped slug is sent to the canonical address."""

    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).for_listing()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        post = self.object
        return super().get_context_data(
            meta_title=post.title,
            meta_description=meta.describe(post.excerpt),
            meta_type="article",
            reading_minutes=meta.reading_minutes(post.body),
            meta_image=link_preview(self.request, post),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != self.kwargs["slug"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


# Crawlers may read the blog; the dashboard, Django admin and the sign-in pages are no
# reader's business (they answer signed-out crawlers with a sign-in page anyway).
NOT_FOR_CRAWLERS = ["/cadmin/", "/admin/", "/login/", "/logout/", "/admin_page/", "/passkeys/"]


@require_safe
@anonymous_page_cache
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in NOT_FOR_CRAWLERS)]
    lines.append(
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}"
    )
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
