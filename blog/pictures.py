"""A post's pictures where it is shared: the crop a link preview shows (og:image) and the
picture a feed reader shows (RSS and Atom enclosures)."""

from django.http import HttpRequest
from django.utils.feedgenerator import Enclosure

from media.markup import KEY_IN_MARKDOWN, shown_images
from media.models import Rendition, file_url

from .models import Post

# The feed's picture: wide enough for a feed reader's column, and in a format every one reads.
ENCLOSURE_WIDTH = 1600


def link_preview(request: HttpRequest, post: Post) -> dict | None:
    """The 1200 × 630 crop of the featured image, else of the first of our pictures in the
    body, as `base.html`'s og:image and twitter:image read it; None if the post has neither."""
    previews = {
        rendition.image.key: rendition
        for rendition in Rendition.objects.filter(
            purpose=Rendition.Purpose.PREVIEW, image__in=shown_images().filter(posts=post)
        ).select_related("image")
    }
    featured = [post.featured_image.key] if post.featured_image else []
    for key in featured + KEY_IN_MARKDOWN.findall(post.body):
        if key in previews:
            rendition = previews[key]
            return {
                "url": request.build_absolute_uri(file_url(rendition.file)),
                "width": rendition.width,
                "height": rendition.height,
                "alt": rendition.image.alt,
            }
    return None


def enclosure(request: HttpRequest, post: Post) -> Enclosure | None:
    """The featured image as a feed enclosure: its JPEG (or PNG) about 1600 wide, or the
    stored picture when it has no renditions (an animation). Reads `for_listing`'s prefetch."""
    image = post.featured_image
    if image is None:
        return None
    fallbacks = [r for r in image.width_renditions if r.kind in ("JPEG", "PNG")]
    fitting = [r for r in fallbacks if r.width <= ENCLOSURE_WIDTH] or fallbacks
    if fitting:
        chosen = fitting[-1]
        name, size, kind = chosen.file, chosen.stored_bytes, f"image/{chosen.kind.lower()}"
    else:
        name, size, kind = image.file, image.stored_bytes, image.content_type
    return Enclosure(request.build_absolute_uri(file_url(name)), str(size), kind)
