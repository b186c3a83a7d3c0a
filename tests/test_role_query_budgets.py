"""The dashboard's list pages cost the same few queries for every role, whatever the number
of rows: who may do what to each post is decided once a page (team/roles.py), never per row.

Each page is measured with 5 and with 200 posts of one's own and as many of others', in
every state a row can be drawn in (draft, in review, published, scheduled; with and without
a category; by several authors), so that every branch of the row template is drawn.
"""

from datetime import timedelta
from itertools import count, cycle

import pytest
from django.core.cache import cache
from django.utils import timezone

from blog.models import Post
from cadmin.post_views import POSTS_PER_PAGE
from cadmin.views import RECENT_POSTS
from review.queue import SHOWN_ON_HOME
from review.views import POSTS_PER_PAGE as SUBMISSIONS_PER_PAGE
from revisions.models import PostRevision
from revisions.trash_views import POSTS_PER_PAGE as TRASHED_PER_PAGE
from team.roles import Role
from tests.clients import signed_in
from tests.factories import CategoryFactory, UserFactory
from tests.queries import queries_to_get
from tests.roles_matrix import ROLES, actor_for

pytestmark = pytest.mark.django_db

# The session, the user, the page's rows and their count: the role's permissions come from
# the cache (accounts/permission_cache.py). Those who review see the queue's summary on the
# home page as well: its count and its first few. Without a role there are no rows: the home
# page names the administrators to ask for one instead (team/no_role.py). The trash counts its
# pictures too (with some, their page and thumbnails: media/tests/test_trash.py). The home
# also shows everyone the latest events of their account: one query more.
BUDGETS = {
    "/cadmin/posts/": 4,
    "/cadmin/trash/": 5,
    "/cadmin/review/": 4,
}
HOME_BUDGETS = {
    "no_role": 4,
    "contributor": 5,
    "author": 5,
    "editor": 7,
    "administrator": 7,
    "superuser": 7,
}

SERIAL = count()  # slugs are unique across every batch

STATES = [
    (Post.Status.DRAFT, None),
    (Post.Status.REVIEW, None),
    (Post.Status.PUBLISHED, timedelta(days=-1)),
    (Post.Status.PUBLISHED, timedelta(days=3)),  # scheduled
]


def posts_of(author, count: int, states=STATES, trashed: bool = False) -> list[Post]:
    """`count` posts by `author`, cycling through `states`, half of them without a category.
    Made in one INSERT: the measured pages read them, how they were saved does not matter."""
    now = timezone.now()
    category = CategoryFactory()
    made = []
    for number, (status, published_in) in zip(range(count), cycle(states), strict=False):
        slug = f"{author.username}-{next(SERIAL)}"
        made.append(
            Post(
                title=f"Post {slug}",
                slug=slug,
                body="Some words.",
                body_html="<p>Some words.</p>",
                excerpt="Some words.",
                author=author,
                category=category if number % 2 else None,
                status=status,
                published_at=now + published_in if published_in else None,
                deleted_at=now - timedelta(minutes=number) if trashed else None,
            )
        )
    posts = Post.all_objects.bulk_create(made)
    # Half of the submissions have the revision that dates them in the review queue.
    PostRevision.objects.bulk_create(
        PostRevision(
            post=post,
            version=1,
            kind=PostRevision.Kind.SUBMITTED,
            editor=author,
            title=post.title,
            body=post.body,
            status=post.status,
        )
        for post in posts[1::2]
        if post.status == Post.Status.REVIEW
    )
    return posts


@pytest.fixture
def others(db):
    """Three other writers, so that a page naming authors names several."""
    return [
        UserFactory(username="bob", role=Role.AUTHOR),
        UserFactory(username="carl", role=Role.CONTRIBUTOR),
        UserFactory(username="dora", role=Role.EDITOR),
    ]


def write(actor, others, per_owner: int, **kwargs) -> None:
    posts_of(actor, per_owner, **kwargs)
    for number, other in enumerate(others):
        # As many posts of others' as of one's own, shared among them.
        posts_of(other, per_owner // len(others) + (number < per_owner % len(others)), **kwargs)


def queries_of(client, url: str, **params) -> int:
    # Every page starts from an empty cache, so neither count profits from the other's
    # cached fragments.
    cache.clear()
    return queries_to_get(client, url, **params)


def rows_drawn(client, url: str, **params) -> int:
    """How many posts the page lists (the table's rows, its heading's not counted)."""
    html = client.get(url, params).text
    return html.count("<tr>") - html.count("<thead><tr>")


def measured(request, role: str, others, url: str, sizes=(5, 200), page=None, **kwargs):
    """The queries of `url` with each of `sizes` posts per owner, and the rows the page
    draws at the largest, so that a count is never that of an empty page."""
    actor = actor_for(request, role)
    client = signed_in(actor)
    params = {"page": page} if page else {}
    counts = []
    written = 0
    for size in sizes:
        write(actor, others, size - written, **kwargs)
        written = size
        counts.append(queries_of(client, url, **params))
    return counts, rows_drawn(client, url, **params)


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_costs_the_same_at_5_and_200_posts_within_budget(request, others, role):
    (with_5, with_200), rows = measured(request, role, others, "/cadmin/")

    assert with_5 == with_200
    assert with_5 <= HOME_BUDGETS[role]
    # Those who review see the first few waiting for it above their recent posts.
    waiting = SHOWN_ON_HOME if role in ("editor", "administrator", "superuser") else 0
    assert rows == (0 if role == "no_role" else waiting + RECENT_POSTS)


def test_the_home_page_without_a_role_costs_the_same_with_1_and_20_administrators(request):
    client = signed_in(actor_for(request, "no_role"))
    UserFactory(username="ada", role=Role.ADMINISTRATOR)
    with_1 = queries_of(client, "/cadmin/")
    for number in range(19):
        UserFactory(username=f"admin-{number}", role=Role.ADMINISTRATOR)

    with_20 = queries_of(client, "/cadmin/")

    assert with_1 == with_20
    assert with_1 <= HOME_BUDGETS["no_role"]
    assert "or another administrator" in client.get("/cadmin/").text


@pytest.mark.parametrize("role", ROLES)
def test_the_post_list_costs_the_same_at_5_and_200_posts_within_budget(request, others, role):
    (with_5, with_200), rows = measured(request, role, others, "/cadmin/posts/")

    assert with_5 == with_200
    assert with_5 <= BUDGETS["/cadmin/posts/"]
    assert rows == (0 if role == "no_role" else POSTS_PER_PAGE)


# Without a role one's list is empty, so it has no second page.
@pytest.mark.parametrize("role", [role for role in ROLES if role != "no_role"])
def test_the_second_page_of_the_post_list_costs_the_same_at_25_and_200_posts_within_budget(
    request, others, role
):
    (with_25, with_200), rows = measured(
        request, role, others, "/cadmin/posts/", sizes=(25, 200), page=2
    )

    assert with_25 == with_200
    assert with_25 <= BUDGETS["/cadmin/posts/"]
    assert rows == POSTS_PER_PAGE


@pytest.mark.parametrize("role", ROLES)
def test_the_trash_costs_the_same_at_5_and_200_trashed_posts_within_budget(request, others, role):
    (with_5, with_200), rows = measured(request, role, others, "/cadmin/trash/", trashed=True)

    assert with_5 == with_200
    assert with_5 <= BUDGETS["/cadmin/trash/"]
    assert rows == (0 if role == "no_role" else TRASHED_PER_PAGE)


# Only those who review may open the queue (the others' 403 is in test_permission_matrix).
@pytest.mark.parametrize("role", ["editor", "administrator", "superuser"])
@pytest.mark.parametrize("page", [None, 2])
def test_the_review_queue_costs_the_same_at_5_and_200_submissions_within_budget(
    request, others, role, page
):
    sizes = (25, 200) if page else (5, 200)
    submissions = [(Post.Status.REVIEW, None)]

    (fewer, with_200), rows = measured(
        request, role, others, "/cadmin/review/", sizes=sizes, page=page, states=submissions
    )

    assert fewer == with_200
    assert fewer <= BUDGETS["/cadmin/review/"]
    assert rows == SUBMISSIONS_PER_PAGE
