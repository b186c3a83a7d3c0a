"""Pictures in a real browser: uploaded from the editor's file fields (each asking what it
shows) and placed at the cursor, a featured image chosen by uploading it (a refused one is in
test_editor.py), the published post drawing them at a phone's and a desktop's width, and a
focal point set by clicking the picture. Screenshots of the editor, the library and the post
at 375 and 1280 px."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from blog.models import Post
from media.models import Image, Rendition
from media.tests.conftest import media_storage  # noqa: F401 - each test's files in its own folder
from media.tests.pictures import exif_of, photo

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def picture_file(tmp_path, name: str, **size) -> str:
    path = tmp_path / name
    path.write_bytes(photo(**{"width": 2400, "height": 1600, **size}))  # GPS in its EXIF
    return str(path)


def loaded_pictures(page) -> list[tuple[float, int]]:
    """Each <img> of the post: the width it is drawn at, and the width its `sizes` promised
    the browser (a chosen rendition's width over its density; 0 if it did not load)."""
    return page.eval_on_selector_all(
        "article img",
        "all => all.map(i => [i.getBoundingClientRect().width, i.complete ? i.naturalWidth : 0])",
    )


def test_pictures_uploaded_in_the_editor_are_in_the_published_post(
    page, console, screenshot, sign_in, live_server, author, password, tmp_path, settings
):
    page.set_viewport_size(DESKTOP)
    page.goto("/cadmin/login/?next=/cadmin/post/add/")
    sign_in("alice", password)
    page.get_by_label("Title").fill("A morning at the harbour")
    body = page.locator("textarea[name=body]")
    body.fill("Before.\n\nAfter.")
    body.evaluate("area => area.setSelectionRange(8, 8)")  # between the two paragraphs
    body.blur()

    page.get_by_label("Add pictures to the text").set_input_files(
        picture_file(tmp_path, "IMG_0042.jpg")
    )
    card = page.locator(".upload-card", has_text="IMG_0042.jpg")
    card.get_by_label("What it shows (alt text)").fill("Fishing boats at dawn")
    card.get_by_role("button", name="Add picture").click()
    expect(card).to_have_count(0)
    (in_body,) = Image.objects.filter(alt="Fishing boats at dawn")
    expect(body).to_have_value(f"Before.\n\n{in_body.markdown()}\n\nAfter.")

    page.get_by_label("Or upload a new featured image").set_input_files(
        picture_file(tmp_path, "wall.jpg", width=1600, height=1200)
    )
    card = page.locator(".upload-card", has_text="wall.jpg")
    card.get_by_label("What it shows (alt text)").fill("The harbour wall")
    card.get_by_role("button", name="Add picture").click()
    featured = page.locator("select[name=featured_image]")
    expect(featured.locator("option:checked")).to_have_text("The harbour wall")
    page.get_by_label("Status").select_option(label="Published")
    screenshot("media-editor-with-pictures-1280")
    page.set_viewport_size(PHONE)
    screenshot("media-editor-with-pictures-375")
    page.get_by_role("button", name="Add post").click()
    expect(page.get_by_role("status")).to_have_text("Post added.")

    post = Post.objects.get(title="A morning at the harbour")
    assert post.featured_image.alt == "The harbour wall"
    assert set(post.images.all()) == {in_body, post.featured_image}
    for viewport, name in ((PHONE, "375"), (DESKTOP, "1280")):
        page.set_viewport_size(viewport)
        page.goto(post.get_absolute_url())
        page.locator("article img").last.scroll_into_view_if_needed()
        expect(page.locator("article picture")).to_have_count(2)
        page.wait_for_function(
            "() => [...document.querySelectorAll('article img')].every(i => i.complete)"
        )
        widths = loaded_pictures(page)
        assert all(promised for _, promised in widths), f"a picture did not load at {name} px"
        # Drawn no wider than `sizes` said, so the rendition chosen is sharp at that width.
        assert all(drawn <= promised + 1 for drawn, promised in widths), widths
        screenshot(f"media-post-{name}")
    # The phone took a rendition about its screen's width, not the 2400-pixel picture.
    page.set_viewport_size(PHONE)
    page.reload()
    chosen = page.eval_on_selector(".featured-image img", "image => image.currentSrc")
    assert re.search(r"\.(avif|webp)$", chosen)
    assert Rendition.objects.get(file=chosen.split("/media/")[1]).width <= 1600
    # No file the site serves carries the GPS the phone wrote.
    stored = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    files = [path for path in stored.rglob("*") if path.is_file()]
    assert files and not any(exif_of(path.read_bytes()) for path in files)
    console.assert_clean()


def test_the_focal_point_is_set_by_clicking_the_picture(
    page, console, screenshot, sign_in, live_server, author, password, tmp_path
):
    page.set_viewport_size(DESKTOP)
    page.goto("/cadmin/login/?next=/cadmin/media/")
    sign_in("alice", password)
    page.get_by_label("Pictures (JPEG").set_input_files(picture_file(tmp_path, "pier.jpg"))
    page.get_by_label("Description (alt text)").fill("The pier at low tide")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status")).to_have_text("Picture uploaded.")
    screenshot("media-library-1280")
    page.set_viewport_size(PHONE)
    screenshot("media-library-375")
    page.set_viewport_size(DESKTOP)
    image = Image.objects.get(alt="The pier at low tide")
    first_preview = image.renditions.get(purpose=Rendition.Purpose.PREVIEW).file

    page.get_by_role("link", name="Edit The pier at low tide").click()
    shown = page.locator("[data-focal-picker] img")
    shown.evaluate("image => image.decode()")  # drawn at its size before it is clicked
    box = shown.bounding_box()
    shown.click(position={"x": box["width"] * 0.2, "y": box["height"] * 0.75})

    expect(page.get_by_label("Focal point, across (0 to 1)")).to_have_value("0.20")
    expect(page.get_by_label("Focal point, down (0 to 1)")).to_have_value("0.75")
    expect(page.locator("[data-focal-marker]")).to_be_visible()
    screenshot("media-focal-point")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Picture updated.")

    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.2, 0.75)
    assert image.renditions.get(purpose=Rendition.Purpose.PREVIEW).file != first_preview
    console.assert_clean()
