"""Reader-facing pages: the post list, one post, posts by category, by tag and by author."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from .models import Category, Post, Tag
from .page_cache import AnonymousPageCacheMixin, CountedOncePaginator

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
        return super().get_context_data(heading=self.heading, **kwargs)

    def get_paginator(self, queryset, per_page, **kwargs):
        # The address names the list (all posts, a category, a tag); the page is not part of it.
        return CountedOncePaginator(queryset, per_page, count_key=self.request.path, **kwargs)


class PostsInCategoryView(PostListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        self.heading = f"Category: {self.category.name}"
        return super().get_queryset().filter(category=self.category)


class PostsWithTagView(PostListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.heading = f"Tag: {self.tag.name}"
        return super().get_queryset().filter(tags=self.tag)


class PostsByAuthorView(PostListView):
    """An author's published posts, under their byline and bio. Someone with nothing
    published has no page: readers never learn of accounts that have not written for them."""

    def get_queryset(self):
        has_published = Post.objects.published().filter(author=OuterRef("pk"))
        authors = get_user_model().objects.filter(Exists(has_published))
        self.author = get_object_or_404(authors, username=self.kwargs["username"])
        self.heading = self.author.byline
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class PostDetailView(AnonymousPageCacheMixin, DetailView):
    """One post; a stale or mistyped slug is sent to the canonical address."""

    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).for_listing()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != self.kwargs["slug"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))
