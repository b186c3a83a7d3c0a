"""What a link preview and a search engine read in each page's <head>: the description, the
canonical address, Open Graph and Twitter card tags (templates/base.html)."""

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.utils.text import Truncator

BLOG_NAME = "The Great Django Blog"
TAGLINE = "Posts by the authors of The Great Django Blog: Django, sign-in and writing for the web."
DESCRIPTION_WORDS = 30
WORDS_PER_MINUTE = 220


def canonical_url(request: HttpRequest) -> str:
    """This page's one address: its path, with `?page=N` past the first page, nothing else."""
    path = request.path
    page = request.GET.get("page", "")
    # A number no list reaches (it is a 404 anyway) is never turned into an int.
    if page.isdigit() and len(page) <= 9 and int(page) > 1:
        path += f"?page={int(page)}"
    return request.build_absolute_uri(path)


def describe(text: str) -> str:
    """A post's first words, for its meta description."""
    return Truncator(text).words(DESCRIPTION_WORDS)


def reading_minutes(text: str) -> int:
    return max(1, round(len(text.split()) / WORDS_PER_MINUTE))


def reader_meta(request: HttpRequest) -> dict:
    """Context processor: the defaults every page's <head> starts from. The 400 page for a
    host this site does not serve has no address of its own to give."""
    try:
        canonical = canonical_url(request)
    except DisallowedHost:
        canonical = ""
    return {"blog_name": BLOG_NAME, "tagline": TAGLINE, "canonical_url": canonical}
