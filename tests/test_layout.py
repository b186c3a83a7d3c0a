"""One base layout on every page: site name, navigation, sign-in state, footer, own stylesheet."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from team.roles import Role
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory


@pytest.fixture
def author(db):
    """The layout is checked on every dashboard page: an editor reaches them all."""
    return UserFactory(username="alice", email="alice@example.com", role=Role.EDITOR)


pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "{post}",
    "/category/{category}/",
    "/tag/{tag}/",
    "/login/",
    "/logout/",
    "/cadmin/login/",
    "/cadmin/logout/",
]
SIGNED_IN_PAGES = [
    "/admin_page/",
    "/cadmin/",
    "/cadmin/posts/",
    "/cadmin/post/add/",
    "/cadmin/post/update/{post_pk}/",
    "/cadmin/post/delete/{post_pk}/",
    "/cadmin/categories/",
    "/cadmin/category/add/",
    "/cadmin/category/update/{category_pk}/",
    "/cadmin/tags/",
    "/cadmin/tag/add/",
    "/cadmin/tag/update/{tag_pk}/",
]
# Pages that sign-in redirects away from are public-only; everything else works both ways.
ANONYMOUS_ONLY = {"/login/", "/cadmin/login/"}
EXTERNAL_REFERENCE = re.compile(r"""(?:src|href|action)=["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture
def content(author):
    category = CategoryFactory(name="Django")
    tag = TagFactory(name="testing")
    post = PostFactory(title="Hello layout", author=author, category=category, tags=[tag])
    return {
        "post": post.get_absolute_url(),
        "post_pk": post.pk,
        "category": category.slug,
        "category_pk": category.pk,
        "tag": tag.slug,
        "tag_pk": tag.pk,
    }


def get_page(client, url_template: str, content: dict):
    response = client.get(url_template.format(**content))
    assert response.status_code == 200, url_template
    return response.text


def assert_base_layout(html: str) -> None:
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<a class="site-name" href="/">The Great Django Blog</a>' in html
    assert '<a href="/">Blog</a>' in html
    assert '<a href="/cadmin/">Dashboard</a>' in html
    assert '<footer class="site-footer">' in html
    assert "//cdn" not in html
    # The canonical link names the page's own address in full, as it must; nothing else may.
    assert not EXTERNAL_REFERENCE.search(re.sub(r'<link rel="canonical" [^>]*>', "", html))


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anonymous_pages_use_the_base_layout_with_a_sign_in_link(client, content, url):
    html = get_page(client, url, content)

    assert_base_layout(html)
    assert '<a href="/login/">Sign in</a>' in html
    assert 'action="/logout/"' not in html


@pytest.mark.parametrize(
    "url", [url for url in PUBLIC_PAGES if url not in ANONYMOUS_ONLY] + SIGNED_IN_PAGES
)
def test_signed_in_pages_show_the_username_and_a_sign_out_form(author_client, content, url):
    html = get_page(author_client, url, content)

    assert_base_layout(html)
    assert '<a href="/admin_page/">alice</a>' in html
    assert re.search(r'<form[^>]*method="post"[^>]*action="/logout/"', html)
    assert '<a href="/login/">Sign in</a>' not in html


DASHBOARD_STYLESHEET = '<link rel="stylesheet" href="/static/css/dashboard.css">'


@pytest.mark.parametrize("url", [url for url in PUBLIC_PAGES if url not in ANONYMOUS_ONLY])
def test_reader_pages_keep_the_readers_column_and_stylesheet(author_client, content, url):
    html = get_page(author_client, url, content)

    assert '<main id="main" class="wrap">' in html
    assert DASHBOARD_STYLESHEET not in html


@pytest.mark.parametrize("url", SIGNED_IN_PAGES[1:])
def test_dashboard_pages_are_wider_and_bring_their_own_stylesheet(author_client, content, url):
    html = get_page(author_client, url, content)

    assert '<main id="main" class="wrap-wide dashboard">' in html
    assert html.count(DASHBOARD_STYLESHEET) == 1
    assert html.index(DASHBOARD_STYLESHEET) < html.index("</head>")


def test_a_message_is_shown_after_an_action(author_client):
    response = author_client.post(
        "/cadmin/category/add/", {"name": "Python", "slug": ""}, follow=True
    )

    assert response.redirect_chain == [("/cadmin/categories/", 302)]
    assert '<ul class="messages" role="status">' in response.text
    assert "Category added." in response.text


def test_no_messages_area_without_an_action(author_client):
    assert 'class="messages"' not in author_client.get("/cadmin/categories/").text


def test_stylesheet_is_served_as_css(settings):
    # WhiteNoise reads this when the middleware is built, on the client's first request.
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()

    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")


class LabelCollector(HTMLParser):
    """Collect the ids of visible inputs and the targets of <label for=...>."""

    def __init__(self) -> None:
        super().__init__()
        self.input_ids: list[str | None] = []
        self.label_targets: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"input", "select", "textarea"} and attributes.get("type") != "hidden":
            self.input_ids.append(attributes.get("id"))
        elif tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])


@pytest.mark.parametrize("url", ["/login/", "/cadmin/login/"])
def test_every_login_input_has_a_label(client, url):
    collector = LabelCollector()
    collector.feed(client.get(url).text)

    # The header's search box, then the sign-in form.
    assert collector.input_ids == ["site-search-q", "id_username", "id_password", "id_remember_me"]
    assert set(collector.input_ids) <= collector.label_targets
