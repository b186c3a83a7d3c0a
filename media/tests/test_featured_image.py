"""A post's featured image: chosen in the editor, on its card, at its top, in link previews
and in the feeds; and pictures uploaded from the editor's own file fields."""

import re
from xml.etree import ElementTree

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from media.models import Image, Rendition
from media.processing import prepare_image
from tests.clients import signed_in
from tests.editor_forms import editor_form
from tests.factories import PostFactory

from .conftest import uploaded
from .pictures import exif_of, photo

PUBLISHED = {"status": Post.Status.PUBLISHED}
ATOM = "{http://www.w3.org/2005/Atom}"


def picture(user, alt="Boats in the harbour at dawn", **size) -> Image:
    return uploaded(user, photo(**{"width": 2000, "height": 1200, **size}), alt=alt)


def page(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return found and found[1]


def new_post(title: str, body: str) -> dict:
    return {"title": title, "body": body, "status": Post.Status.DRAFT}


def preview_of(image: Image) -> Rendition:
    return image.renditions.get(purpose=Rendition.Purpose.PREVIEW)


def test_an_author_chooses_a_featured_image_in_the_editor(author):
    image = picture(author)
    post = PostFactory(author=author, **PUBLISHED)

    response = signed_in(author).post(
        reverse("post_update", args=[post.pk]), editor_form(post, featured_image=image.pk)
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.featured_image == image
    assert list(image.posts.all()) == [post]  # the library says where it is used


def test_the_featured_image_is_at_the_top_of_the_post_and_on_its_card(author):
    image = picture(author)
    post = PostFactory(author=author, featured_image=image, body="Words.", **PUBLISHED)

    article = page(post.get_absolute_url())
    (featured,) = re.findall(r'<figure class="featured-image">(.*?)</figure>', article, re.S)
    assert featured.startswith("<picture>") and 'type="image/avif"' in featured
    assert 'alt="Boats in the harbour at dawn"' in featured
    assert 'width="2000" height="1200"' in featured
    assert article.index("featured-image") < article.index('class="post-body"')

    listing = page(reverse("post_list"))
    (card,) = re.findall(r'<a class="card-image"[^>]*>(.*?)</a>', listing, re.S)
    assert card.startswith("<picture>") and " 480w" in card


def test_a_shared_link_shows_the_featured_images_preview_crop(author):
    image = picture(author, alt="Boats")
    post = PostFactory(author=author, featured_image=image, **PUBLISHED)

    html = page(post.get_absolute_url())

    preview = preview_of(image)
    assert meta(html, "og:image") == f"http://testserver/media/{preview.file}"
    assert (preview.width, preview.height) == (1200, 630)
    assert meta(html, "og:image:width") == "1200" and meta(html, "og:image:height") == "630"
    assert meta(html, "og:image:alt") == "Boats"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "twitter:image") == meta(html, "og:image")
    shared = Client().get(meta(html, "og:image"))
    assert shared.status_code == 200 and shared["Content-Type"] == "image/jpeg"


def test_without_a_featured_image_the_first_picture_of_the_body_is_shared(author):
    first, second = picture(author, alt="First"), picture(author, alt="Second")
    body = f"Intro.\n\n{first.markdown()}\n\n{second.markdown()}\n"
    post = PostFactory(author=author, body=body, **PUBLISHED)

    html = page(post.get_absolute_url())

    assert meta(html, "og:image") == f"http://testserver/media/{preview_of(first).file}"
    assert meta(html, "twitter:card") == "summary_large_image"


def test_a_post_without_pictures_has_a_plain_card(author):
    post = PostFactory(author=author, body="Only words.", **PUBLISHED)

    html = page(post.get_absolute_url())

    assert meta(html, "og:image") is None
    assert meta(html, "twitter:card") == "summary"
    assert "featured-image" not in html


def test_a_trashed_featured_image_is_shown_nowhere(author):
    image = picture(author)
    post = PostFactory(author=author, featured_image=image, **PUBLISHED)
    Image.objects.filter(pk=image.pk).update(deleted_at=timezone.now())

    html = page(post.get_absolute_url())

    assert "featured-image" not in html
    assert meta(html, "og:image") is None
    assert "card-image" not in page(reverse("post_list"))
    assert "enclosure" not in page(reverse("feed"))


def test_the_feeds_carry_the_featured_image_as_an_enclosure(author):
    image = picture(author, width=2400, height=1600)
    PostFactory(author=author, featured_image=image, **PUBLISHED)
    jpeg_1600 = image.renditions.get(purpose="width", kind="JPEG", width=1600)
    url = f"http://testserver/media/{jpeg_1600.file}"

    rss = ElementTree.fromstring(Client().get(reverse("feed")).content)  # noqa: S314
    (enclosure,) = rss.iter("enclosure")
    assert enclosure.attrib == {
        "url": url,
        "length": str(jpeg_1600.stored_bytes),
        "type": "image/jpeg",
    }

    atom = ElementTree.fromstring(Client().get(reverse("feed_atom")).content)  # noqa: S314
    links = [link.attrib for link in atom.iter(f"{ATOM}link") if link.get("rel") == "enclosure"]
    assert links == [
        {
            "rel": "enclosure",
            "href": url,
            "length": str(jpeg_1600.stored_bytes),
            "type": "image/jpeg",
        }
    ]


def test_list_pages_take_as_many_queries_with_20_featured_images_as_with_2(
    author, django_assert_num_queries
):
    def queries_for_list() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert signed_in(author).get(reverse("post_list")).status_code == 200
        return len(captured)

    image = picture(author)
    for _ in range(2):
        PostFactory(author=author, featured_image=image, **PUBLISHED)
    with_two = queries_for_list()
    for _ in range(18):
        PostFactory(
            author=author, featured_image=picture(author, width=600, height=400), **PUBLISHED
        )

    assert queries_for_list() == with_two


def test_an_author_cannot_feature_someone_elses_picture(author, other_author):
    theirs = picture(other_author)
    post = PostFactory(author=author)

    response = signed_in(author).post(
        reverse("post_update", args=[post.pk]), editor_form(post, featured_image=theirs.pk)
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    post.refresh_from_db()
    assert post.featured_image is None


def test_an_author_keeps_the_featured_image_an_editor_chose_from_their_upload(author, editor):
    editors_picture = picture(editor)
    post = PostFactory(author=author, featured_image=editors_picture)

    client = signed_in(author)
    form = client.get(reverse("post_update", args=[post.pk])).content.decode()
    assert f'<option value="{editors_picture.pk}" selected>' in form
    response = client.post(
        reverse("post_update", args=[post.pk]),
        editor_form(post, title="Edited", featured_image=editors_picture.pk),
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.featured_image) == ("Edited", editors_picture)


def test_a_featured_image_uploaded_from_the_editor_loses_its_location(author):
    sent = photo(1600, 900, gps=True)
    assert exif_of(sent)  # the phone's GPS is there to begin with

    response = signed_in(author).post(
        reverse("post_add"),
        {
            **new_post("Harbour", "Words."),
            "featured_upload": SimpleUploadedFile("IMG_0042.jpg", sent),
            "featured_alt": "The harbour at dawn",
        },
    )

    assert response.status_code == 302
    post = Post.objects.get(title="Harbour")
    image = post.featured_image
    assert (image.alt, image.uploader, image.original_name) == (
        "The harbour at dawn",
        author,
        "IMG_0042.jpg",
    )
    prepare_image.call(image.pk)  # what the task worker does next
    image.refresh_from_db()
    served = Client().get(Client().get(image.get_absolute_url())["Location"])
    assert exif_of(b"".join(served.streaming_content)) == {}


def test_pictures_uploaded_with_the_post_are_added_at_the_end_of_its_text(author):
    response = signed_in(author).post(
        reverse("post_add"),
        {
            **new_post("Two boats", "Look at these.\n"),
            "pictures": [
                SimpleUploadedFile("a.jpg", photo(800, 600)),
                SimpleUploadedFile("b.png", photo(800, 600, kind="PNG")),
            ],
            "pictures_alt": "A boat",
        },
    )

    assert response.status_code == 302
    post = Post.objects.get(title="Two boats")
    first, second = Image.objects.order_by("pk")
    assert post.body == f"Look at these.\n\n{first.markdown()}\n\n{second.markdown()}\n"
    assert (first.alt, second.alt) == ("A boat", "A boat")
    assert set(post.images.all()) == {first, second}


def test_a_refused_picture_leaves_the_post_unsaved_with_the_reason(author):
    post = PostFactory(author=author, title="Kept", body="My words.")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    response = signed_in(author).post(
        reverse("post_update", args=[post.pk]),
        {
            **editor_form(post, body="My new words."),
            "pictures": [SimpleUploadedFile("logo.jpg", svg)],
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "SVG" in html  # the inspection's own message, naming the file
    assert "“logo.jpg”" in html
    assert "My new words." in html  # the text as sent, drawn again
    post.refresh_from_db()
    assert (post.body, post.version) == ("My words.", 1)
    assert not Image.objects.exists()


def test_too_many_uploads_in_an_hour_from_the_editor_is_a_429(author, settings):
    settings.TGDB_UPLOADS_PER_HOUR = 1
    post = PostFactory(author=author)
    picture(author)

    response = signed_in(author).post(
        reverse("post_update", args=[post.pk]),
        {**editor_form(post), "featured_upload": SimpleUploadedFile("a.jpg", photo())},
    )

    assert response.status_code == 429
    assert "the most is 1 an hour" in response.content.decode()
    post.refresh_from_db()
    assert post.featured_image is None
