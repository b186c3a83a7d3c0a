"""The dashboard home at /cadmin/: who is signed in, their recent posts, and the way out."""

import re

import pytest

from team import roles
from tests.clients import signed_in
from tests.factories import PostFactory, UserFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db

HOME_URL = "/cadmin/"
DETAIL_FORMAT = "j F Y, H:i"


def forms_posting_to(html: str, action: str) -> list[str]:
    """Every <form> on the page whose action is `action`, opening tag to closing tag."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.DOTALL)
    return [form for form in forms if f'action="{action}"' in form.split(">", 1)[0]]


def test_home_renders_the_dashboard_template(author_client):
    response = author_client.get(HOME_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "cadmin/admin_page.html"


def test_home_lists_the_authors_own_posts_but_not_another_authors(
    author_client, author, other_author
):
    PostFactory(author=author, title="Alice on green tea")
    PostFactory(author=author, title="Alice drafts a poem", status="draft")
    PostFactory(author=other_author, title="Bob on black coffee")

    html = author_client.get(HOME_URL).text

    assert "Your recent posts" in html
    assert "Alice on green tea" in html
    assert "Alice drafts a poem" in html
    assert "Bob on black coffee" not in html


def test_superuser_sees_every_authors_recent_posts(superuser, author, other_author):
    PostFactory(author=author, title="Alice on green tea")
    PostFactory(author=other_author, title="Bob on black coffee", status="draft")

    html = signed_in(superuser).get(HOME_URL).text

    assert "Alice on green tea" in html
    assert "Bob on black coffee" in html


def test_home_without_posts_invites_the_author_to_write_one(author_client):
    html = author_client.get(HOME_URL).text

    assert "No posts yet." in html
    assert '<a href="/cadmin/post/add/">Write your first one</a>' in html


def test_home_links_to_writing_a_post(author_client, author):
    PostFactory(author=author)

    html = author_client.get(HOME_URL).text

    assert '<a class="button" href="/cadmin/post/add/">Write a post</a>' in html


def test_logout_control_is_a_post_form_to_the_dashboard_logout(author_client):
    html = author_client.get(HOME_URL).text

    forms = forms_posting_to(html, "/cadmin/logout/")
    assert len(forms) == 1
    logout_form = forms[0]
    assert 'method="post"' in logout_form
    assert 'name="csrfmiddlewaretoken"' in logout_form
    assert ">Logout</button>" in logout_form
    # Signing out must never hang on a plain link that a GET could follow.
    assert '<a href="/cadmin/logout/"' not in html


def test_home_query_count_does_not_grow_with_the_number_of_posts(author_client, author):
    PostFactory(author=author)
    with_one_post = queries_to_get(author_client, HOME_URL)
    PostFactory.create_batch(9, author=author)

    assert queries_to_get(author_client, HOME_URL) == with_one_post


def test_superuser_home_names_each_author_in_a_fixed_number_of_queries(superuser):
    client = signed_in(superuser)
    PostFactory()
    with_one_author = queries_to_get(client, HOME_URL)
    PostFactory.create_batch(9)  # each with an author of its own

    assert queries_to_get(client, HOME_URL) == with_one_author
    assert '<th scope="col">Author</th>' in client.get(HOME_URL).text


# The session, the user, the posts (the role's permissions come from the cache), and the
# account's latest events.
HOME_QUERY_BUDGET = 5
# Editors also see the review queue (review/queue.py): its count and its first few.
REVIEW_QUEUE_QUERIES = 2
EDITORS_HOME_QUERY_BUDGET = HOME_QUERY_BUDGET + REVIEW_QUEUE_QUERIES
HOME_QUERY_BUDGETS = {
    roles.Role.CONTRIBUTOR: HOME_QUERY_BUDGET,
    roles.Role.AUTHOR: HOME_QUERY_BUDGET,
    roles.Role.EDITOR: EDITORS_HOME_QUERY_BUDGET,
    roles.Role.ADMINISTRATOR: EDITORS_HOME_QUERY_BUDGET,
    "superuser": EDITORS_HOME_QUERY_BUDGET,
}


@pytest.mark.parametrize("who", [*roles.Role, "superuser"])
def test_home_stays_within_its_query_budget_at_5_and_200_posts(request, who):
    user = request.getfixturevalue(who) if who == "superuser" else UserFactory(role=who)
    client = signed_in(user)
    PostFactory.create_batch(5, author=user)
    with_5 = queries_to_get(client, HOME_URL)
    PostFactory.create_batch(195, author=user)

    assert queries_to_get(client, HOME_URL) == with_5
    assert with_5 <= HOME_QUERY_BUDGETS[who]
