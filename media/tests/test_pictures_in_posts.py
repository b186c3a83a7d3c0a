"""Our pictures in a published post: <picture> with every rendition, sizes, no layout shift,
lazy after the first, and nothing an author could smuggle through (media/markup.py)."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from media.models import Image
from media.processing import prepare_image
from tests.factories import PostFactory

from .conftest import uploaded as uploaded_as
from .pictures import photo


def uploaded(user, width=2000, height=1000, alt="A red and blue flag", process=True) -> Image:
    return uploaded_as(user, photo(width, height, gps=False), alt=alt, process=process)


def test_a_picture_in_a_published_post_offers_every_rendition(author):
    image = uploaded(author)
    post = PostFactory(author=author, body=f"Look:\n\n{image.markdown()}\n")

    page = Client().get(post.get_absolute_url()).content.decode()

    (picture,) = re.findall(r"<picture>.*?</picture>", page, re.S)
    assert picture.count("<source") == 2
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    for width in (480, 960, 1600, 2000):
        assert f" {width}w" in picture
    assert 'sizes="(min-width: 54rem) 52rem, calc(100vw - 2rem)"' in picture
    assert 'width="2000" height="1000"' in picture
    assert 'alt="A red and blue flag"' in picture


def test_pictures_after_the_first_load_lazily(author):
    first, second = uploaded(author), uploaded(author, alt="Second")
    post = PostFactory(author=author, body=f"{first.markdown()}\n\n{second.markdown()}\n")

    pictures = re.findall(r"<img [^>]*>", post.body_html)

    assert 'fetchpriority="high"' in pictures[0] and "loading" not in pictures[0]
    assert 'loading="lazy"' in pictures[1] and 'decoding="async"' in pictures[1]


def test_a_post_saved_before_its_picture_was_ready_shows_it_once_it_is(author):
    image = uploaded(author, process=False)
    post = PostFactory(author=author, body=image.markdown())
    assert "<picture>" not in post.body_html

    prepare_image.call(image.pk)

    post.refresh_from_db()
    assert "<picture>" in post.body_html
    assert "<picture>" in Client().get(post.get_absolute_url()).content.decode()


def test_a_post_knows_the_pictures_it_shows(author):
    shown, not_shown = uploaded(author), uploaded(author)
    post = PostFactory(author=author, body=shown.markdown())

    assert list(post.images.all()) == [shown]
    assert list(shown.posts.all()) == [post]
    assert not not_shown.posts.exists()


def test_a_trashed_picture_is_not_drawn(author):
    from django.utils import timezone

    image = uploaded(author)
    Image.objects.filter(pk=image.pk).update(deleted_at=timezone.now())

    post = PostFactory(author=author, body=image.markdown())

    assert "<picture>" not in post.body_html


@pytest.mark.parametrize(
    "body",
    [
        '![x]({address} "t" onerror="alert(1)")',
        '<img src="{address}" onerror="alert(1)">',
        '<picture><source srcset="javascript:alert(1)"><img src="{address}"></picture>',
        '![" onload="alert(1)]({address})',
    ],
    ids=["markdown-title", "raw-img", "raw-picture", "quote-in-alt"],
)
def test_no_author_can_smuggle_attributes_through_the_picture_markup(author, body):
    image = uploaded(author)

    post = PostFactory(author=author, body=body.format(address=image.get_absolute_url()))

    attributes = attributes_in(post.body_html)
    assert not [name for name, _ in attributes if name.startswith("on")]
    assert not [value for _, value in attributes if "javascript:" in (value or "")]
    assert ("src", image.get_absolute_url()) not in attributes  # drawn as our picture


def attributes_in(html: str) -> list[tuple[str, str | None]]:
    """Every attribute of every tag, as a browser parses them."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(attrs)

    Collector().feed(html)
    return found


def test_a_post_with_pictures_keeps_its_query_count(author, django_assert_max_num_queries):
    images = [uploaded(author, 800, 400) for _ in range(3)]
    post = PostFactory(author=author, body="\n\n".join(i.markdown() for i in images))

    with django_assert_max_num_queries(2):
        post.render()
