"""The dashboard's navigation (cadmin/navigation.py): its groups in order, who sees which link,
that every link shown opens and every link hidden would be refused, and which link marks the
page one is on."""

import re

import pytest
from django.urls import get_resolver, reverse

from cadmin import navigation
from team.roles import Role, set_role
from tests.clients import signed_in
from tests.factories import PostFactory
from tests.roles_matrix import ROLES, actor_for

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="dashboard-nav" aria-label="Dashboard">.*?</nav>', re.DOTALL)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')
HEADING = re.compile(
    r'<h2 id="dashboard-nav-([a-z-]+)">([^<]+)</h2>\s*<ul aria-labelledby="([^"]+)">'
)

EVERYONES = ["Home", "Posts", "Trash", "Profile", "Security", "Password", "Sessions", "Activity"]
WRITERS = ["Home", "Write a post", "Posts", "Trash", "Media", *EVERYONES[3:]]
EDITORS = [
    "Home",
    "Write a post",
    "Posts",
    "Review",
    "Trash",
    "Media",
    "Categories",
    "Tags",
    *EVERYONES[3:],
]
ADMINISTRATORS = [*EDITORS[:8], "People", *EVERYONES[3:]]
# Role by role (tests/roles_matrix.py), the links each sees in order, and the groups.
SEEN = {
    "no_role": (EVERYONES, ["Writing", "You"]),
    "contributor": (WRITERS, ["Writing", "You"]),
    "author": (WRITERS, ["Writing", "You"]),
    "editor": (EDITORS, ["Writing", "Site", "You"]),
    "administrator": (ADMINISTRATORS, ["Writing", "Site", "You"]),
    "superuser": (ADMINISTRATORS, ["Writing", "Site", "You"]),
}


def nav_of(html: str) -> str:
    """The one dashboard navigation of the page: drawn once, for phones and wide screens."""
    found = NAV.findall(html)
    assert len(found) == 1
    return found[0]


def labels(html: str) -> list[str]:
    return [label for _, _, label in LINK.findall(nav_of(html))]


def current(html: str) -> list[str]:
    return [label for _, marked, label in LINK.findall(nav_of(html)) if marked]


def test_home_and_writing_come_first_then_the_three_groups_in_order():
    assert [item.label for item in navigation.TOP] == ["Home", "Write a post"]
    assert [(group.label, [item.label for item in group.items]) for group in navigation.GROUPS] == [
        ("Writing", ["Posts", "Review", "Trash", "Media"]),
        ("Site", ["Categories", "Tags", "People"]),
        ("You", ["Profile", "Security", "Password", "Sessions", "Activity"]),
    ]


def test_every_page_an_item_names_exists():
    """A misspelt name would leave a page unmarked, silently."""
    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    for item in navigation.ALL_ITEMS:
        assert {item.url_name, *item.also_current_on} <= names, item.label


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_links_under_their_group_headings(request, role):
    html = signed_in(actor_for(request, role)).get("/cadmin/").text
    links, groups = SEEN[role]

    assert labels(html) == links
    headings = HEADING.findall(nav_of(html))
    assert [label for _, label, _ in headings] == groups
    # Each list is named by its heading, so a screen reader says which group it is in.
    assert all(labelled_by == f"dashboard-nav-{slug}" for slug, _, labelled_by in headings)


def test_a_new_role_changes_the_menu_at_once(author, author_client):
    """Each combination of links is drawn once per process: the person's own permissions,
    read on every request, still choose which one they see."""
    assert "People" not in labels(author_client.get("/cadmin/").text)

    set_role(author, Role.ADMINISTRATOR)

    assert labels(author_client.get("/cadmin/").text) == SEEN["administrator"][0]
    set_role(author, Role.AUTHOR)
    assert labels(author_client.get("/cadmin/").text) == SEEN["author"][0]


@pytest.mark.parametrize("role", ROLES)
def test_every_link_shown_opens_and_every_link_hidden_would_be_refused(request, role):
    """The navigation asks the permission each page asks: it never offers a 403, nor hides a
    page one may open."""
    client = signed_in(actor_for(request, role))
    shown = set(SEEN[role][0])

    for item in navigation.ALL_ITEMS:
        response = client.get(reverse(item.url_name))
        assert response.status_code == (200 if item.label in shown else 403), item.label


def test_the_menu_is_a_details_element_that_opens_without_a_script(author_client):
    nav = nav_of(author_client.get("/cadmin/").text)

    assert '<details class="dashboard-menu">' in nav
    assert "<summary>Menu</summary>" in nav
    assert "<script" not in nav
    assert "style=" not in nav


@pytest.fixture
def post(author):
    return PostFactory(author=author, status="draft")


# Each page, and the one link that marks it as the page one is on.
CURRENT = {
    "/cadmin/": "Home",
    "/cadmin/posts/": "Posts",
    "/cadmin/post/add/": "Write a post",
    "/cadmin/post/update/{post}/": "Posts",
    "/cadmin/post/{post}/history/": "Posts",
    "/cadmin/media/": "Media",
    "/cadmin/trash/": "Trash",
    "/cadmin/sessions/": "Sessions",
    "/cadmin/security/": "Security",
    "/cadmin/password-change/": "Password",
    "/cadmin/activity/": "Activity",
    "/cadmin/profile/": "Profile",
}


@pytest.mark.parametrize(("url", "marked"), CURRENT.items())
def test_the_current_page_is_marked_in_the_navigation(author_client, post, url, marked):
    response = author_client.get(url.format(post=post.pk))

    assert response.status_code == 200
    assert current(response.text) == [marked]


def test_the_link_marked_is_the_page_itself(author_client):
    html = author_client.get("/cadmin/posts/").text

    assert '<a href="/cadmin/posts/" aria-current="page">Posts</a>' in nav_of(html)


def test_an_item_marks_its_own_page_and_the_pages_reached_from_it():
    posts = next(item for item in navigation.GROUPS[0].items if item.label == "Posts")

    assert posts.is_current("cadmin_post_list")
    assert posts.is_current("post_update")
    assert not posts.is_current("post_add")
    assert not posts.is_current(None)
