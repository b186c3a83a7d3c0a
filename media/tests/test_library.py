"""The media library: who sees which pictures, what it tells about each, search, pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from media.models import Image
from tests.clients import signed_in
from tests.factories import PostFactory

from .conftest import uploaded
from .pictures import photo

LIBRARY = reverse("media_library")


def make_image(uploader, **fields) -> Image:
    values = {
        "kind": "JPEG",
        "width": 640,
        "height": 480,
        "uploaded_bytes": 1000,
        "alt": "A flag",
        "original_name": "flag.jpg",
        **fields,
    }
    return Image.objects.create(uploader=uploader, **values)


def shown(client, **query) -> str:
    response = client.get(LIBRARY, query)
    assert response.status_code == 200
    return response.content.decode()


def test_authors_see_their_own_uploads_only(author, other_author):
    make_image(author, alt="Mine")
    make_image(other_author, alt="Not mine")

    page = shown(signed_in(author))

    assert "Mine" in page and "Not mine" not in page


def test_editors_see_everyones_uploads(editor, author, other_author):
    make_image(author, alt="Alice's")
    make_image(other_author, alt="Bob's")

    page = shown(signed_in(editor))

    assert "Alice&#x27;s" in page and "Bob&#x27;s" in page


def test_the_library_tells_which_pictures_lack_a_description(author):
    make_image(author, alt="")
    make_image(author, alt="", decorative=True)

    page = shown(signed_in(author))

    assert page.count("No description yet") == 1
    assert "Decorative" in page


def test_search_finds_by_description_or_file_name(author):
    make_image(author, alt="Sunset over the bay", original_name="IMG_1.jpg")
    make_image(author, alt="A cat", original_name="sunset-cat.png")
    make_image(author, alt="A dog", original_name="dog.png")

    page = shown(signed_in(author), q="sunset")

    assert "Sunset over the bay" in page and "A cat" in page and "A dog" not in page


def test_forty_pictures_a_page(author):
    for number in range(41):
        make_image(author, alt=f"Picture {number:02}")

    first = shown(signed_in(author))

    assert "Picture 40" in first and "Picture 00" not in first
    assert "Page 1 of 2" in first


def test_the_library_takes_as_many_queries_for_200_pictures_as_for_5(editor, author):
    def add(count: int) -> None:
        start = Image.objects.count()
        Image.objects.bulk_create(
            Image(uploader=author, kind="PNG", width=1, height=1, uploaded_bytes=1, key=f"k{n:015}")
            for n in range(start, start + count)
        )

    client = signed_in(editor)
    add(5)
    client.get(LIBRARY)  # the session and the permissions read once
    with CaptureQueriesContext(connection) as five:
        client.get(LIBRARY)
    add(195)
    PostFactory(author=author, body=Image.objects.first().markdown())
    with CaptureQueriesContext(connection) as two_hundred:
        client.get(LIBRARY)

    # The session (unless the cache holds it), the account, the count, the page of images,
    # the posts using them, their thumbnails.
    assert len(five) == len(two_hundred) <= 6


def test_an_account_without_a_role_gets_403(db):
    from tests.factories import UserFactory

    nobody = UserFactory(username="reader", role="")

    assert signed_in(nobody).get(LIBRARY).status_code == 403


def test_someone_elses_picture_is_a_404_to_edit(author, other_author):
    theirs = make_image(other_author)

    response = signed_in(author).get(reverse("media_edit", args=[theirs.pk]))

    assert response.status_code == 404


def test_a_description_is_edited_later(author):
    image = make_image(author, alt="")

    response = signed_in(author).post(
        reverse("media_edit", args=[image.pk]),
        {"alt": "A red and blue flag", "focal_x": "0.3", "focal_y": "0.6"},
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt, image.focal_x, image.focal_y) == ("A red and blue flag", 0.3, 0.6)


def test_a_focal_point_outside_the_picture_is_refused(author):
    image = make_image(author)

    response = signed_in(author).post(
        reverse("media_edit", args=[image.pk]), {"alt": "x", "focal_x": "1.5", "focal_y": "0.5"}
    )

    assert response.status_code == 400
    assert "Give a number from 0 to 1." in response.content.decode()


def test_the_library_tells_where_each_picture_is_used(author):
    used = make_image(author, alt="Used")
    make_image(author, alt="Unused")
    post = PostFactory(author=author, title="A walk by the sea", body=used.markdown())

    page = shown(signed_in(author))

    assert f'<a href="{post.get_absolute_url()}">A walk by the sea</a>' in page
    assert page.count("No post yet") == 1


def test_a_ready_picture_is_shown_by_its_smallest_webp_rendition(author):
    image = uploaded(author, photo(2000, 1000))
    smallest = image.renditions.get(kind="WEBP", width=480)

    page = shown(signed_in(author))

    assert f'src="/media/{smallest.file}"' in page
