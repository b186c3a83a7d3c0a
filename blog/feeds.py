"""RSS 2.0 and Atom 1.0 feeds (django.contrib.syndication): the whole blog, and each
category, tag and author. Each holds the 20 newest published posts with their rendered,
sanitised body, byline, category and tags, in a fixed number of queries."""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .meta import BLOG_NAME, TAGLINE
from .models import Category, Post, Tag, published_authors
from .pictures import enclosure

ITEMS = 20


class LatestPostsFeed(Feed):
    """The whole blog; the feeds below narrow it to one category, tag or author."""

    title = BLOG_NAME
    description = TAGLINE

    def __call__(self, request, *args, **kwargs):
        # An enclosure's address is absolute, so the items need the request: each request
        # reads a copy of its own (the feed object serves every thread).
        feed = copy.copy(self)
        feed.request = request
        return super(LatestPostsFeed, feed).__call__(request, *args, **kwargs)

    def link(self, obj=None) -> str:
        return reverse("post_list")

    def posts(self, obj):
        return Post.objects.published()

    def items(self, obj=None):
        return self.posts(obj).for_listing().order_by("-published_at", "-created")[:ITEMS]

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        # The article as its page draws it: Markdown rendered and sanitised (blog/rendering.py).
        return post.body_html

    def item_author_name(self, post: Post) -> str:
        return post.author.byline

    def item_author_link(self, post: Post) -> str:
        return reverse("post_by_author", args=[post.author.get_username()])

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return post.updated

    def item_enclosures(self, post: Post) -> list:
        found = enclosure(self.request, post)  # the featured image
        return [found] if found else []

    def item_categories(self, post: Post) -> list[str]:
        names = [post.category.name] if post.category else []
        return names + [tag.name for tag in post.tags.all()]  # prefetched


class CategoryFeed(LatestPostsFeed):
    def get_object(self, request, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, category: Category) -> str:
        return f"{category.name} · {BLOG_NAME}"

    def description(self, category: Category) -> str:
        return f"Posts in {category.name} on {BLOG_NAME}."

    def link(self, category: Category) -> str:
        return category.get_absolute_url()

    def posts(self, category: Category):
        return super().posts(category).filter(category=category)


class TagFeed(LatestPostsFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag: Tag) -> str:
        return f"#{tag.name} · {BLOG_NAME}"

    def description(self, tag: Tag) -> str:
        return f"Posts tagged {tag.name} on {BLOG_NAME}."

    def link(self, tag: Tag) -> str:
        return tag.get_absolute_url()

    def posts(self, tag: Tag):
        return super().posts(tag).filter(tags=tag)


class AuthorFeed(LatestPostsFeed):
    def get_object(self, request, username: str):
        return get_object_or_404(published_authors(), username=username)

    def title(self, author) -> str:
        return f"{author.byline} · {BLOG_NAME}"

    def description(self, author) -> str:
        return author.bio or f"Posts by {author.byline} on {BLOG_NAME}."

    def link(self, author) -> str:
        return reverse("post_by_author", args=[author.get_username()])

    def posts(self, author):
        return super().posts(author).filter(author=author)


def atom(feed_class: type[Feed]) -> type[Feed]:
    """The same feed as Atom 1.0, whose <subtitle> is the description."""
    return type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": Atom1Feed})
