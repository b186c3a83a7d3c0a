"""The dashboard home puts first what waits for the person: their unfinished posts, the review
queue (editors), their account's latest events; then their recent posts and who they are."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import AccountEvent
from blog.models import Post
from cadmin.views import RECENT_EVENTS, UNFINISHED_POSTS
from tests.clients import signed_in
from tests.factories import PostFactory, UserFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db

HOME_URL = "/cadmin/"
UNFINISHED = re.compile(
    r'<section class="card" aria-labelledby="unfinished-heading">.*?</section>', re.S
)
EVENT_ROW = re.compile(r'<tr class="event-.*?</tr>', re.S)


def unfinished(html: str) -> list[str]:
    """The titles the home's "Your drafts" lists, in its order."""
    section = UNFINISHED.search(html)
    assert section, "no drafts section"
    return re.findall(r'<li><a href="/cadmin/post/update/\d+/">([^<]+)</a>', section.group())


def add_event(user, **fields) -> AccountEvent:
    defaults = {"kind": AccountEvent.Kind.SIGNED_IN, "door": "cadmin", "username": user.username}
    return AccountEvent.objects.create(user=user, **{**defaults, **fields})


def changed(post: Post, minutes_ago: int) -> Post:
    Post.all_objects.filter(pk=post.pk).update(
        updated=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return post


def test_what_waits_comes_before_the_recent_posts_and_the_account_details(editor):
    html = signed_in(editor).get(HOME_URL).text

    order = [
        "<h1>Welcome edith</h1>",
        ">Your drafts</h2>",
        ">Waiting for review (0)</h2>",
        ">Recent activity on your account</h2>",
        "<h2>Recent posts</h2>",
        ">Your account</h2>",
        "<dt>Username</dt><dd>edith</dd>",
        ">Logout</button>",
    ]
    places = [html.index(text) for text in order]
    assert places == sorted(places)


def test_drafts_and_submissions_of_ones_own_come_newest_change_first(contributor, author):
    changed(PostFactory(author=contributor, title="Older draft", status="draft"), 30)
    changed(PostFactory(author=contributor, title="Submitted", status="review"), 20)
    changed(PostFactory(author=contributor, title="Newest draft", status="draft"), 10)
    PostFactory(author=contributor, title="Already out", status="published")
    PostFactory(author=author, title="A draft by Alice", status="draft")

    html = signed_in(contributor).get(HOME_URL).text

    assert unfinished(html) == ["Newest draft", "Submitted", "Older draft"]
    assert "In review, updated" in html


def test_each_draft_opens_in_the_editor(author_client, author):
    post = PostFactory(author=author, title="Half a thought", status="draft")

    html = author_client.get(HOME_URL).text

    assert f'<a href="/cadmin/post/update/{post.pk}/">Half a thought</a>' in html
    assert '<a href="/cadmin/posts/">All your posts →</a>' in html


def test_at_most_a_few_drafts_are_shown(author_client, author):
    for number in range(UNFINISHED_POSTS + 2):
        changed(PostFactory(author=author, title=f"Draft {number}", status="draft"), number)

    shown = unfinished(author_client.get(HOME_URL).text)

    assert shown == [f"Draft {number}" for number in range(UNFINISHED_POSTS)]


def test_an_editor_sees_only_their_own_drafts_there(editor, author):
    PostFactory(author=editor, title="A draft by Edith", status="draft")
    PostFactory(author=author, title="A draft by Alice", status="draft")

    assert unfinished(signed_in(editor).get(HOME_URL).text) == ["A draft by Edith"]


def test_without_drafts_the_section_says_so(author_client, author):
    PostFactory(author=author, status="published")

    html = author_client.get(HOME_URL).text

    assert unfinished(html) == []
    assert "No drafts waiting." in html


def test_a_draft_saved_meanwhile_shows_at_once(author_client, author):
    author_client.get(HOME_URL)  # fills the cached fragment

    PostFactory(author=author, title="Fresh draft", status="draft")

    assert unfinished(author_client.get(HOME_URL).text) == ["Fresh draft"]


def test_the_latest_events_of_ones_own_account_only(author_client, author, other_author):
    for number in range(RECENT_EVENTS + 2):
        event = add_event(author, ip_address=f"198.51.100.{number}")
        AccountEvent.objects.filter(pk=event.pk).update(
            created_at=timezone.now() - timedelta(minutes=number)
        )
    add_event(other_author, ip_address="203.0.113.9")

    html = author_client.get(HOME_URL).text

    rows = EVENT_ROW.findall(html)
    assert len(rows) == RECENT_EVENTS
    assert "<td>198.51.100.0</td>" in rows[0]  # the newest first
    assert "203.0.113.9" not in html
    assert '<a href="/cadmin/activity/">All activity →</a>' in html


def test_a_superuser_sees_the_latest_events_of_every_account(superuser, author):
    add_event(author, ip_address="198.51.100.7")

    html = signed_in(superuser).get(HOME_URL).text

    assert "Recent activity on every account" in html
    assert '<th scope="col">Account</th>' in html
    assert "<td>198.51.100.7</td>" in html


def test_without_a_role_the_notice_comes_first_and_no_drafts():
    nora = UserFactory(username="nora", role="")
    add_event(nora, ip_address="198.51.100.3")

    html = signed_in(nora).get(HOME_URL).text

    assert html.index("Your account has no role yet") < html.index("Recent activity")
    assert "Your drafts" not in html
    assert "<td>198.51.100.3</td>" in html
    assert "<dt>Username</dt><dd>nora</dd>" in html


def cold_queries(client) -> int:
    """The home's queries with nothing cached: the drafts and the recent posts read too."""
    cache.clear()
    return queries_to_get(client, HOME_URL, warm=False)


@pytest.mark.parametrize("who", ["contributor", "editor", "superuser"])
def test_the_home_costs_the_same_at_5_and_50_drafts_and_events(request, who):
    user = request.getfixturevalue(who)
    client = signed_in(user)

    def grow_to(count: int) -> None:
        have = Post.objects.filter(author=user).count()
        PostFactory.create_batch(count - have, author=user, status="draft")
        AccountEvent.objects.bulk_create(
            AccountEvent(kind=AccountEvent.Kind.SIGNED_IN, door="cadmin", user=user)
            for _ in range(count - AccountEvent.objects.filter(user=user).count())
        )

    grow_to(5)
    cold_5, warm_5 = cold_queries(client), queries_to_get(client, HOME_URL)
    grow_to(50)
    cold_50, warm_50 = cold_queries(client), queries_to_get(client, HOME_URL)

    assert (cold_50, warm_50) == (cold_5, warm_5)
    html = client.get(HOME_URL).text
    assert len(unfinished(html)) == UNFINISHED_POSTS
    assert len(EVENT_ROW.findall(html)) == RECENT_EVENTS
