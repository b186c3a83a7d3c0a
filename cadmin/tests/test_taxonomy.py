"""Categories and tags in the dashboard: list, add, update, and their use in the post form."""

from dataclasses import dataclass

import pytest
from django.db import models

from blog.models import Category, Post, Tag
from tests.factories import CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    label: str
    plural: str
    model: type[models.Model]
    factory: type
    list_url: str
    add_url: str
    update_url: str

    def update_url_for(self, item) -> str:
        return self.update_url.format(pk=item.pk)


CATEGORY = Kind(
    "Category",
    "Categories",
    Category,
    CategoryFactory,
    "/cadmin/categories/",
    "/cadmin/category/add/",
    "/cadmin/category/update/{pk}/",
)
TAG = Kind(
    "Tag", "Tags", Tag, TagFactory, "/cadmin/tags/", "/cadmin/tag/add/", "/cadmin/tag/update/{pk}/"
)


@pytest.fixture(params=[CATEGORY, TAG], ids=["category", "tag"])
def kind(request) -> Kind:
    return request.param


def test_list_shows_every_item_with_its_slug_and_edit_link(editor_client, kind):
    item = kind.factory(name="Home Brewing")

    response = editor_client.get(kind.list_url)

    assert response.status_code == 200
    assert "Home Brewing" in response.text
    assert "<code>home-brewing</code>" in response.text
    assert f'href="{kind.update_url_for(item)}"' in response.text


def test_empty_list_says_so(editor_client, kind):
    response = editor_client.get(kind.list_url)

    assert response.status_code == 200
    assert f"<h1>{kind.plural}</h1>" in response.text
    assert f"No {kind.plural.lower()} yet." in response.text
    assert f'href="{kind.add_url}"' in response.text


def test_adding_an_item_saves_it_and_says_so(editor_client, kind):
    response = editor_client.post(
        kind.add_url, {"name": "Home Brewing", "slug": "brew"}, follow=True
    )

    assert response.redirect_chain == [(kind.list_url, 302)]
    assert f"{kind.label} added." in response.text
    assert list(kind.model.objects.values_list("name", "slug")) == [("Home Brewing", "brew")]


def test_blank_slug_is_made_from_the_name(editor_client, kind):
    editor_client.post(kind.add_url, {"name": "Home Brewing", "slug": ""})

    assert kind.model.objects.get().slug == "home-brewing"


def test_slug_made_from_the_name_does_not_clash_with_an_existing_one(editor_client, kind):
    kind.factory(name="Home Brewing")

    editor_client.post(kind.add_url, {"name": "Home brewing!", "slug": ""})

    assert kind.model.objects.get(name="Home brewing!").slug == "home-brewing-2"


ADD_ERRORS = [
    pytest.param({"name": "Home Brewing", "slug": ""}, "with this name already exists.", id="dup"),
    pytest.param(
        {"name": "home BREWING", "slug": ""}, "with this name already exists.", id="dup-case"
    ),
    pytest.param(
        {"name": "Other", "slug": "home-brewing"}, "with this Slug already exists.", id="slug"
    ),
    pytest.param({"name": "", "slug": ""}, "This field is required.", id="empty-name"),
    pytest.param({"name": "x" * 101, "slug": ""}, "at most 100 characters", id="long-name"),
    pytest.param({"name": "Fine", "slug": "not a slug!"}, "Enter a valid “slug”", id="bad-slug"),
]


@pytest.mark.parametrize(("data", "message"), ADD_ERRORS)
def test_bad_new_item_shows_the_error_and_saves_nothing(editor_client, kind, data, message):
    kind.factory(name="Home Brewing")

    response = editor_client.post(kind.add_url, data)

    assert response.status_code == 200
    assert message in response.text
    assert list(kind.model.objects.values_list("name", flat=True)) == ["Home Brewing"]


def test_duplicate_name_error_names_the_kind(editor_client, kind):
    kind.factory(name="Home Brewing")

    response = editor_client.post(kind.add_url, {"name": "Home Brewing", "slug": ""})

    assert f"A {kind.label.lower()} with this name already exists." in response.text
    assert 'value="Home Brewing"' in response.text


def test_updating_an_item_saves_it_and_says_so(editor_client, kind):
    item = kind.factory(name="Home Brewing")

    response = editor_client.post(
        kind.update_url_for(item), {"name": "Craft Beer", "slug": "beer"}, follow=True
    )

    assert response.redirect_chain == [(kind.list_url, 302)]
    assert f"{kind.label} updated." in response.text
    item.refresh_from_db()
    assert (item.name, item.slug) == ("Craft Beer", "beer")


def test_update_page_shows_the_current_values(editor_client, kind):
    item = kind.factory(name="Home Brewing")

    response = editor_client.get(kind.update_url_for(item))

    assert response.status_code == 200
    assert 'value="Home Brewing"' in response.text
    assert 'value="home-brewing"' in response.text


def test_clearing_the_slug_on_update_makes_it_from_the_new_name(editor_client, kind):
    item = kind.factory(name="Home Brewing")

    editor_client.post(kind.update_url_for(item), {"name": "Craft Beer", "slug": ""})

    item.refresh_from_db()
    assert item.slug == "craft-beer"


def test_renaming_to_an_existing_name_is_refused_and_changes_nothing(editor_client, kind):
    kind.factory(name="Home Brewing")
    item = kind.factory(name="Craft Beer")

    response = editor_client.post(
        kind.update_url_for(item), {"name": "Home Brewing", "slug": "craft-beer"}
    )

    assert response.status_code == 200
    assert f"A {kind.label.lower()} with this name already exists." in response.text
    item.refresh_from_db()
    assert (item.name, item.slug) == ("Craft Beer", "craft-beer")


def test_missing_item_is_not_found(editor_client, kind):
    assert editor_client.get(kind.update_url.format(pk=999999)).status_code == 404


# How the post form offers each kind, and how a post holds it.
IN_THE_POST_FORM = {
    "category": ("category", '<option value="{pk}">Home Brewing</option>'),
    "tag": ("tags", 'name="tags" value="{pk}"'),
}


def test_added_item_can_be_chosen_for_a_post(editor_client, author, kind):
    field, offered_html = IN_THE_POST_FORM[kind.label.lower()]
    editor_client.post(kind.add_url, {"name": "Home Brewing", "slug": ""})
    item = kind.model.objects.get()

    form_html = editor_client.get("/cadmin/post/add/").text
    editor_client.post(
        "/cadmin/post/add/",
        {"title": "My first ale", "body": "Malt.", field: item.pk, "status": "draft"},
    )

    assert offered_html.format(pk=item.pk) in form_html
    post = Post.objects.get(title="My first ale")
    chosen = [post.category] if field == "category" else list(post.tags.all())
    assert chosen == [item]


class TestAnonymousVisitor:
    def test_anonymous_is_sent_to_sign_in_from_every_page(self, client, kind):
        item = kind.factory(name="Home Brewing")

        for path in (kind.list_url, kind.add_url, kind.update_url_for(item)):
            response = client.get(path)
            assert response.status_code == 302
            assert response.headers["Location"] == f"/cadmin/login/?next={path}"

    def test_anonymous_cannot_add(self, client, kind):
        response = client.post(kind.add_url, {"name": "Spam", "slug": ""})

        # The form is kept for after sign-in (keptforms), never saved.
        assert response.headers["Location"].startswith(
            f"/cadmin/login/?next={kind.add_url}%3Fkept%3D"
        )
        assert not kind.model.objects.exists()

    def test_anonymous_cannot_update(self, client, kind):
        item = kind.factory(name="Home Brewing")
        path = kind.update_url_for(item)

        response = client.post(path, {"name": "Spam", "slug": "spam"})

        assert response.headers["Location"].startswith(f"/cadmin/login/?next={path}%3Fkept%3D")
        item.refresh_from_db()
        assert (item.name, item.slug) == ("Home Brewing", "home-brewing")
