"""The post editor in a real browser: the toolbar and its shortcuts (a second press unwraps,
Ctrl+Z undoes a button as one step), the live preview beside the text, pictures dropped or
pasted, the counts, focus mode, leaving with unsaved changes, the keyboard alone, axe, a phone's
width, and the same form working with JavaScript turned off."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from blog.models import Post
from media.models import Image
from media.tests.conftest import media_storage  # noqa: F401 - each test's files in its own folder
from media.tests.pictures import photo

from .test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser

WIDE = {"width": 1400, "height": 900}
PHONE = {"width": 375, "height": 812}
ARTICLE_BODY = "() => document.querySelector('[data-preview-article] .post-body')?.innerHTML"


def open_editor(page, sign_in, password, path="/cadmin/post/add/"):
    page.set_viewport_size(WIDE)
    page.goto(f"/cadmin/login/?next={path}")
    sign_in("alice", password)
    body = page.locator("textarea[name=body]")
    expect(page.get_by_role("toolbar", name="Formatting")).to_be_visible()
    return body


def select(body, start: int, end: int) -> None:
    body.evaluate(f"area => {{ area.focus(); area.setSelectionRange({start}, {end}); }}")


def test_bold_wraps_the_selection_a_second_press_unwraps_and_undo_takes_it_back(
    page, console, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    body.fill("Say hello to the harbour.")
    select(body, 4, 9)  # "hello"

    page.get_by_role("button", name="Bold").click()
    expect(body).to_have_value("Say **hello** to the harbour.")
    page.get_by_role("button", name="Bold").click()
    expect(body).to_have_value("Say hello to the harbour.")

    select(body, 4, 9)
    body.press("Control+i")
    expect(body).to_have_value("Say _hello_ to the harbour.")
    body.press("Control+z")  # the whole wrapping, in one step
    expect(body).to_have_value("Say hello to the harbour.")

    body.press("End")
    page.get_by_role("button", name="Horizontal rule").click()
    expect(body).to_have_value("Say hello to the harbour.\n\n---\n")
    body.press("Control+z")
    expect(body).to_have_value("Say hello to the harbour.")
    console.assert_clean()


def test_a_heading_or_a_quote_with_nothing_selected_is_made_of_the_cursors_line(
    page, console, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    body.fill("Intro.\nAt the harbour\nBoats.")
    select(body, 20, 20)  # in "harbour", nothing selected

    body.press("Control+Shift+h")
    expect(body).to_have_value("Intro.\n## At the harbour\nBoats.")
    select(body, 12, 12)
    body.press("Control+Shift+h")  # again, on a line that is a heading already: taken off
    expect(body).to_have_value("Intro.\nAt the harbour\nBoats.")

    select(body, 27, 27)  # at the end of "Boats."
    page.get_by_role("button", name="Quote").click()
    expect(body).to_have_value("Intro.\nAt the harbour\n\n> Boats.")
    console.assert_clean()


def test_every_button_has_its_shortcut_in_its_tooltip_and_the_list_behind_the_question_mark(
    page, console, sign_in, live_server, author, password
):
    open_editor(page, sign_in, password)
    toolbar = page.get_by_role("toolbar", name="Formatting")
    for name, keys in [("Bold", "Ctrl+B"), ("Italic", "Ctrl+I"), ("Link", "Ctrl+K")]:
        expect(toolbar.get_by_role("button", name=name, exact=True)).to_have_attribute(
            "title", f"{name} ({keys})"
        )

    page.get_by_role("button", name="Keyboard shortcuts").click()
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Ctrl+Shift+8")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    console.assert_clean()


def test_the_preview_follows_the_text_and_is_the_published_article(
    page, console, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    page.get_by_label("Title").fill("Live words")
    preview = page.get_by_role("region", name="Preview")
    expect(preview).to_be_visible()  # beside the text on a wide screen

    body.press_sequentially(
        "## At the harbour\n\nBoats *rocking* and [a link](https://example.com/)."
    )
    expect(preview.locator(".post-body em")).to_have_text("rocking")
    expect(preview.locator(".post-body h2")).to_have_text("At the harbour")
    shown = page.evaluate(ARTICLE_BODY)

    page.get_by_label("Status").select_option(label="Published")
    page.get_by_role("button", name="Add post").click()
    expect(page.get_by_role("status")).to_have_text("Post added.")
    page.goto(Post.objects.get(title="Live words").get_absolute_url())
    assert page.locator(".post-body").inner_html() == shown
    console.assert_clean()


def test_on_a_phone_the_preview_takes_the_texts_place(
    page, console, screenshot, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    page.set_viewport_size(PHONE)
    page.get_by_label("Title").fill("Small screen")
    body.fill("Words on a phone.")
    preview = page.get_by_role("region", name="Preview")
    expect(preview).to_be_hidden()
    # At least 20 lines of text to write in.
    lines = body.evaluate(
        "area => area.clientHeight / parseFloat(getComputedStyle(area).lineHeight)"
    )
    assert lines >= 20
    # The toolbar wraps: every button on the screen, none on another.
    boxes = [b.bounding_box() for b in page.get_by_role("toolbar").get_by_role("button").all()]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] for box in boxes)
    for number, one in enumerate(boxes):
        for other in boxes[number + 1 :]:
            apart = (
                one["x"] + one["width"] <= other["x"] + 0.5
                or other["x"] + other["width"] <= one["x"] + 0.5
                or one["y"] + one["height"] <= other["y"] + 0.5
                or other["y"] + other["height"] <= one["y"] + 0.5
            )
            assert apart, (one, other)
    screenshot("editor-375")

    page.get_by_role("button", name="Live preview").click()
    expect(preview).to_be_visible()
    expect(body).to_be_hidden()
    expect(preview.locator(".post-body")).to_contain_text("Words on a phone.")
    screenshot("editor-375-preview")
    page.get_by_role("button", name="Live preview").click()
    expect(body).to_be_visible()
    page.set_viewport_size(WIDE)
    screenshot("editor-1280")
    console.assert_clean()


def test_the_counts_and_the_titles_limit(page, console, sign_in, live_server, author, password):
    body = open_editor(page, sign_in, password)

    body.fill("one two three four five")
    expect(page.get_by_text("5 words · 1 min read")).to_be_visible()
    page.get_by_label("Title").fill("A" * 71)
    expect(page.get_by_text("71 characters: search engines show about 70.")).to_be_visible()
    page.get_by_label("Excerpt").fill("Short.")
    expect(page.get_by_text("6 of about 160 characters search engines show.")).to_be_visible()
    console.assert_clean()


def test_focus_mode_hides_all_but_the_text_and_preview_and_escape_leaves_it(
    page, console, screenshot, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    body.fill("Only the words.")
    header = page.locator(".site-header")

    body.press("Control+Shift+F")
    expect(header).to_be_hidden()
    expect(page.get_by_label("Title")).to_be_hidden()
    expect(body).to_be_visible()
    expect(page.get_by_role("region", name="Preview")).to_be_visible()
    assert_no_violations(page)
    screenshot("editor-focus-mode")

    body.press("Escape")
    expect(header).to_be_visible()
    page.get_by_role("button", name="Focus").click()
    expect(header).to_be_hidden()
    page.get_by_role("button", name="Focus").click()
    expect(page.get_by_label("Title")).to_be_visible()
    console.assert_clean()


def test_the_editor_passes_axe_with_the_preview_open_and_the_shortcuts_shown(
    page, console, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    page.get_by_label("Title").fill("Accessible")
    body.fill("Some **words** to preview.")
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator(".post-body strong")).to_have_text("words")
    assert_no_violations(page)
    page.get_by_role("button", name="Keyboard shortcuts").click()
    assert_no_violations(page)
    console.assert_clean()


def test_a_post_written_bolded_linked_and_saved_with_the_keyboard_alone(
    page, console, sign_in, live_server, author, password
):
    open_editor(page, sign_in, password)
    page.get_by_label("Title").focus()
    page.keyboard.type("Keys only")
    page.keyboard.press("Tab")  # the excerpt's count is no control: on to the text
    while page.evaluate("document.activeElement.name") != "body":
        page.keyboard.press("Tab")
    page.keyboard.type("A bold word and a link.")
    for _ in range(len(" word and a link.")):
        page.keyboard.press("ArrowLeft")
    for _ in range(len("bold")):
        page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Control+b")
    assert page.evaluate("document.activeElement.value") == "A **bold** word and a link."
    page.keyboard.press("Control+End")
    for _ in range(len(".")):
        page.keyboard.press("ArrowLeft")
    for _ in range(len("link")):
        page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Control+k")  # "url" is selected, ready to be typed over
    page.keyboard.type("https://example.com/")
    while page.evaluate("document.activeElement.textContent") != "Add post":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text("Post added.")
    post = Post.objects.get(title="Keys only")
    assert post.body == "A **bold** word and a [link](https://example.com/)."
    console.assert_clean()


def test_leaving_asks_first_unless_the_autosave_has_the_changes(
    page, console, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    page.get_by_label("Title").fill("Kept")
    body.fill("Typed and autosaved.")
    expect(page.get_by_text(re.compile("^Draft saved at"))).to_be_visible()
    asked = []

    def answer(dialog) -> None:  # "stay" the first time it asks, "leave" after that
        asked.append(dialog.type)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.goto("/cadmin/")  # the autosave has everything: no question
    assert asked == []

    page.go_back()
    expect(page.get_by_label("Title")).to_have_value("Kept")
    page.get_by_label("Excerpt").fill("Not something the autosave keeps.")
    with pytest.raises(PlaywrightError, match="ERR_ABORTED"):
        page.goto("/cadmin/")  # the author chose to stay
    assert asked == ["beforeunload"]
    expect(page.get_by_label("Excerpt")).to_have_value("Not something the autosave keeps.")
    console.assert_clean()


def paste_or_drop_script(kind: str) -> str:
    """Hand the text area (or the featured image's field) a file as a paste or a drop does."""
    target = "textarea[name=body]" if kind != "featured" else "[data-featured-drop]"
    event = (
        "new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})"
        if kind == "paste"
        else "new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true})"
    )
    return f"""([bytes, name, type]) => {{
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, {{type}}));
      document.querySelector("{target}").dispatchEvent({event});
    }}"""


def test_a_pasted_picture_asks_its_description_uploads_and_goes_in_at_the_cursor(
    page, console, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    body.fill("Before.\n\nAfter.")
    select(body, 8, 8)

    page.evaluate(paste_or_drop_script("paste"), [list(photo()), "image.png", "image/png"])
    card = page.locator(".upload-card", has_text="image.png")
    expect(card.get_by_label("What it shows (alt text)")).to_be_focused()
    page.keyboard.type("A gull on a post")
    page.keyboard.press("Enter")

    expect(card).to_have_count(0)
    image = Image.objects.get(alt="A gull on a post")
    expect(body).to_have_value(f"Before.\n\n{image.markdown()}\n\nAfter.")
    console.assert_clean()


def test_a_dropped_file_that_is_refused_says_why_where_it_was_dropped(
    page, console, sign_in, live_server, author, password
):
    body = open_editor(page, sign_in, password)
    body.fill("My words.")
    console.expect_failed_load(400, "/cadmin/media/upload/")

    page.evaluate(paste_or_drop_script("drop"), [list(b"not a picture"), "notes.png", "image/png"])
    card = page.locator(".upload-card", has_text="notes.png")
    card.get_by_label("Decorative").check()
    card.get_by_role("button", name="Add picture").click()

    expect(card.get_by_role("alert")).to_contain_text("notes.png")
    expect(body).to_have_value("My words.")
    assert not Image.objects.exists()
    console.assert_clean()


def test_a_featured_image_dropped_on_its_field_is_chosen(
    page, console, sign_in, live_server, author, password
):
    open_editor(page, sign_in, password)

    page.evaluate(paste_or_drop_script("featured"), [list(photo()), "cover.jpg", "image/jpeg"])
    card = page.locator(".upload-card", has_text="cover.jpg")
    card.get_by_label("What it shows (alt text)").fill("The cover")
    card.get_by_role("button", name="Add picture").click()

    featured = page.locator("select[name=featured_image]")
    expect(featured.locator("option:checked")).to_have_text("The cover")
    console.assert_clean()


def test_without_javascript_the_form_is_as_before_and_saves(
    chromium, live_server, transactional_db, console, author, password
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/cadmin/login/?next=/cadmin/post/add/")
        page.get_by_label("Username or e-mail").fill("alice")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("toolbar")).to_have_count(0)  # hidden: nothing to press
        page.get_by_label("Title").fill("No script")
        page.locator("textarea[name=body]").fill("Plain **form**.")
        with page.context.expect_page() as opened:
            page.get_by_role("button", name="Preview", exact=True).click()
        preview = opened.value
        expect(preview.locator(".post-body strong")).to_have_text("form")
        preview.close()
        page.get_by_role("button", name="Add post").click()
        expect(page.get_by_role("status")).to_have_text("Post added.")
        assert Post.objects.get(title="No script").body == "Plain **form**."
    finally:
        context.close()
