"""The reader's search page: /search/?q=words, ranked, highlighted, ten a page."""

from django.core.paginator import Paginator

from .search import MAX_QUERY_LENGTH, clean_query, headlines, search
from .views import PostListView


class SearchView(PostListView):
    """Published posts matching `q` (blog/search.py). No query, or one with nothing to search
    for, shows the form and a hint; any input gives a page, never an error."""

    template_name = "blog/search.html"
    heading = "Search"

    def get_queryset(self):
        raw = self.request.GET.get("q", "")
        self.query = clean_query(raw)
        self.query_was_cut = len(" ".join(raw.split())) > MAX_QUERY_LENGTH
        return search(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query, query_was_cut=self.query_was_cut, **kwargs
        )
        posts = context["posts"]
        excerpts = headlines(self.query, posts)
        for post in posts:
            post.headline = excerpts[post.pk]
        return context

    def get_paginator(self, queryset, per_page, **kwargs):
        # Counted afresh: the matches of one query are cheap to count from the index, and
        # keeping a count for every query anyone types would fill the cache.
        return Paginator(queryset, per_page, **kwargs)
