"""LOGIN_URL = "login": every protected page sends a visitor to the dashboard door and back."""

import pytest

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

PROTECTED_PAGES = [
    "/cadmin/",
    "/cadmin/posts/",
    "/cadmin/post/add/",
    "/cadmin/categories/",
    "/cadmin/category/add/",
    "/cadmin/tags/",
    "/cadmin/tag/add/",
]


@pytest.mark.parametrize("page", PROTECTED_PAGES)
def test_anonymous_visitor_is_sent_to_sign_in_with_next(client, page):
    response = client.get(page)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/cadmin/login/?next={page}"


def test_query_string_of_the_protected_page_is_kept_in_next(client):
    response = client.get("/cadmin/posts/", {"page": "2"})

    assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/posts/%3Fpage%3D2"


@pytest.mark.parametrize("page", PROTECTED_PAGES)
def test_after_sign_in_the_visitor_lands_on_the_page_they_asked_for(client, editor, password, page):
    login_page = client.get(page, follow=True)
    assert f'<input type="hidden" name="next" value="{page}">' in login_page.text

    response = client.post(
        "/cadmin/login/", {"username": "edith", "password": password, "next": page}
    )

    assert response.headers["Location"] == page
    assert client.get(page).status_code == 200


def test_edit_page_of_own_post_is_reached_after_sign_in(client, author, password):
    post = PostFactory(author=author)
    page = f"/cadmin/post/update/{post.pk}/"

    assert client.get(page).headers["Location"] == f"/cadmin/login/?next={page}"
    response = client.post(
        "/cadmin/login/", {"username": "alice", "password": password, "next": page}, follow=True
    )

    assert response.redirect_chain == [(page, 302)]
    assert post.title in response.text


@pytest.mark.parametrize("page", PROTECTED_PAGES)
def test_dashboard_pages_are_never_stored_by_the_browser(editor_client, page):
    # After sign-out on a shared computer, Back must not show the author's dashboard again.
    cache_control = editor_client.get(page).headers["Cache-Control"]

    assert "no-store" in cache_control
    assert "private" in cache_control
