"""Our own pictures in a post's HTML, drawn for every screen.

The body's Markdown links a picture by its address (`![A flag](/media/<key>/)`); once the body
is rendered and sanitised (blog/rendering.py), each such `<img>` becomes a `<picture>` offering
the renditions as AVIF and WebP with a JPEG or PNG fallback, with `srcset` and `sizes`, the
width and height (so the page does not jump as it loads), and lazy loading after the first.
Only the key and the description come from the body, the key looked up and the description
escaped: no author can put an attribute of their own into the markup made here.
"""

import re
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Prefetch
from django.utils.html import escape

from .encoding import CONTENT_TYPE
from .models import Image, Rendition, file_url

# An <img> as the sanitiser writes it: double-quoted attributes, our own address as its src.
IMG = re.compile(r"<img\b[^>]*>")
ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')
OUR_ADDRESS = re.compile(r"^/media/(?P<key>[A-Za-z0-9_-]{16})/$")
KEY_IN_MARKDOWN = re.compile(r"/media/([A-Za-z0-9_-]{16})/")
# The width a picture is drawn at: the column, `.wrap` in static/css/site.css, which is 52rem
# on a wide screen and the screen less 2rem of margins on a narrower one.
SIZES = "(min-width: 54rem) 52rem, calc(100vw - 2rem)"
SOURCE_KINDS = ("AVIF", "WEBP")


def keys_in(markdown: str) -> set[str]:
    """The keys of our pictures a post's Markdown links to."""
    return set(KEY_IN_MARKDOWN.findall(markdown))


def with_pictures(html: str) -> str:
    """`html` (sanitised) with each of our live, ready images drawn as a <picture>."""
    tags = [(match, _attributes(match.group())) for match in IMG.finditer(html)]
    keys = {found["key"] for _, attributes in tags if (found := _our_key(attributes))}
    if not keys:
        return html
    images = _ready_images(keys)
    drawn: list[str] = []
    position = 0
    first = True
    for match, attributes in tags:
        found = _our_key(attributes)
        image = images.get(found["key"]) if found else None
        if image is None:
            continue
        drawn.append(html[position : match.start()])
        drawn.append(picture(image, attributes, eager=first))
        position = match.end()
        first = False
    drawn.append(html[position:])
    return "".join(drawn)


def _attributes(tag: str) -> dict[str, str]:
    return dict(ATTRIBUTE.findall(tag))


def _our_key(attributes: dict[str, str]) -> re.Match | None:
    return OUR_ADDRESS.match(attributes.get("src", ""))


class ShownRendition(NamedTuple):
    """What a <picture> names of a rendition: read as plain values, not as a model, since a
    post of ten pictures names over a hundred and its preview is drawn as the author types."""

    kind: str
    width: int
    file: str


def _ready_images(keys: set[str]) -> dict[str, Image]:
    images = {image.pk: image for image in shown_images().filter(key__in=keys)}
    renditions: dict[int, list[ShownRendition]] = defaultdict(list)
    rows = _for_screens().filter(image__in=images).values_list("image", *ShownRendition._fields)
    for image_pk, *fields in rows:
        renditions[image_pk].append(ShownRendition(*fields))
    for pk, image in images.items():
        image.width_renditions = renditions[pk]
    return {image.key: image for image in images.values()}


def shown_images():
    """The images a reader's page may draw: live, their files made."""
    return Image.objects.live().filter(status=Image.Status.READY)


def _for_screens():
    return Rendition.objects.filter(purpose=Rendition.Purpose.WIDTH).order_by("width")


def width_renditions(lookup: str = "renditions") -> Prefetch:
    """An image's renditions for screens, narrowest first, as `image.width_renditions`."""
    return Prefetch(lookup, queryset=_for_screens(), to_attr="width_renditions")


def picture(image: Image, attributes: dict[str, str], *, eager: bool) -> str:
    """The markup of one picture; the sanitiser already escaped `attributes`' values."""
    alt = attributes.get("alt") or escape(image.alt)
    title = f' title="{attributes["title"]}"' if attributes.get("title") else ""
    loading = ' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"'
    by_kind: dict[str, list[Rendition | ShownRendition]] = defaultdict(list)
    for rendition in getattr(image, "width_renditions", ()):
        by_kind[rendition.kind].append(rendition)
    fallback_kind = next((kind for kind in by_kind if kind not in SOURCE_KINDS), None)
    size = f'width="{image.width}" height="{image.height}"'
    if fallback_kind is None:  # no renditions (yet, or an animation): the stored picture
        return f'<img src="{file_url(image.file)}" alt="{alt}"{title} {size}{loading}>'
    fallback = by_kind[fallback_kind]
    sources = "".join(
        f'<source type="{CONTENT_TYPE[kind]}" srcset="{_srcset(by_kind[kind])}" sizes="{SIZES}">'
        for kind in SOURCE_KINDS
        if by_kind.get(kind)
    )
    middle = fallback[min(1, len(fallback) - 1)]  # about 960 wide: a sensible default
    return (
        f"<picture>{sources}"
        f'<img src="{file_url(middle.file)}" srcset="{_srcset(fallback)}" sizes="{SIZES}" '
        f'alt="{alt}"{title} {size}{loading}></picture>'
    )


def _srcset(renditions: list[Rendition | ShownRendition]) -> str:
    return ", ".join(f"{file_url(r.file)} {r.width}w" for r in renditions)
