"""The reader's search page: /search/?q=words, ranked, highlighted, ten a page."""

from .page_cache import CountedOncePaginator
from .search import MAX_QUERY_LENGTH, clean_query, search
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
        return super().get_context_data(
            query=self.query, query_was_cut=self.query_was_cut, **kwargs
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        # Each query is its own list: count it under its own key, whatever the page.
        return CountedOncePaginator(
            queryset, per_page, count_key=f"{self.request.path}?q={self.query}", **kwargs
        )
