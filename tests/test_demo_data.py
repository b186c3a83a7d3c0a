"""`manage.py load_demo_data`: demo accounts and posts for development, safe to run twice."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from blog.models import Category, Post, Tag
from revisions.models import PostRevision
from team.roles import Role, role_of, set_role

pytestmark = pytest.mark.django_db

# "  alice   / demo-alice-pass   (Author)" as printed by the command.
PRINTED_SIGN_IN = re.compile(r"^\s*(\S+)\s*/\s*(\S+)\s*\(([^)]+)\)\s*$", re.MULTILINE)
EXPECTED_ROLES = {
    "admin": Role.ADMINISTRATOR,
    "edith": Role.EDITOR,
    "alice": Role.AUTHOR,
    "bob": Role.AUTHOR,
    "connie": Role.CONTRIBUTOR,
}


@pytest.fixture
def debug(settings):
    # pytest-django runs with DEBUG=False; the command is for development only.
    settings.DEBUG = True


def load_demo_data() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        "users": get_user_model().objects.count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "posts": Post.objects.count(),
        "revisions": PostRevision.objects.count(),
    }


def snapshot() -> dict:
    """Everything the command makes, as it now stands."""
    users = get_user_model().objects.prefetch_related("groups").order_by("username")
    return {
        "users": [
            (
                user.username,
                user.password,
                user.display_name,
                user.bio,
                user.is_staff,
                user.is_superuser,
                sorted(group.name for group in user.groups.all()),
            )
            for user in users
        ],
        "posts": list(
            Post.all_objects.order_by("title").values_list(
                "title", "status", "author__username", "version", "published_at"
            )
        ),
        "counts": counts(),
    }


def test_it_creates_accounts_taxonomies_and_posts(debug):
    load_demo_data()

    users = get_user_model().objects
    admin = users.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    for username in ("edith", "alice", "bob", "connie"):
        member = users.get(username=username)
        assert not member.is_superuser
        assert not member.is_staff
    assert Category.objects.count() >= 5
    assert Tag.objects.count() >= 5
    assert Post.objects.published().count() >= 30
    assert Post.objects.filter(status=Post.Status.DRAFT).exists()


def test_there_is_one_account_of_each_role_in_its_group(debug):
    load_demo_data()

    users = get_user_model().objects
    for username, role in EXPECTED_ROLES.items():
        user = users.get(username=username)
        assert role_of(user) == role, username
        assert list(user.groups.values_list("name", flat=True)) == [role.value], username
    assert set(EXPECTED_ROLES.values()) == set(Role)


def test_each_account_has_a_display_name_and_a_bio(debug):
    load_demo_data()

    for user in get_user_model().objects.all():
        assert user.display_name, user.username
        assert user.bio, user.username
    assert get_user_model().objects.get(username="alice").byline == "Alice Author"


def test_every_account_follows_the_rules_of_a_new_one(debug):
    load_demo_data()

    for user in get_user_model().objects.all():
        user.full_clean()  # a username with "@", for one, would be refused


def test_the_contributor_has_a_post_in_review_and_a_draft_and_nothing_published(debug):
    load_demo_data()

    connies = Post.objects.filter(author__username="connie")

    assert sorted(connies.values_list("status", flat=True)) == ["draft", "review"]
    in_review = connies.get(status=Post.Status.REVIEW)
    assert in_review in Post.objects.in_review()
    assert in_review.revisions.get().kind == PostRevision.Kind.SUBMITTED


def test_the_editor_writes_too(debug):
    load_demo_data()

    assert Post.objects.published().filter(author__username="edith").exists()


def test_running_it_twice_changes_nothing(debug):
    load_demo_data()
    first = snapshot()

    output = load_demo_data()

    assert snapshot() == first
    assert "0 new posts" in output


def test_running_it_again_keeps_a_changed_role(debug):
    load_demo_data()
    set_role(get_user_model().objects.get(username="bob"), Role.EDITOR)

    load_demo_data()

    assert role_of(get_user_model().objects.get(username="bob")) == Role.EDITOR


def test_a_trashed_demo_post_stays_in_the_trash(debug):
    load_demo_data()
    post = Post.objects.get(title="Ideas for a comment system")
    post.deleted_at = post.updated
    post.save(update_fields=["deleted_at"])

    load_demo_data()

    assert not Post.objects.filter(title="Ideas for a comment system").exists()
    assert Post.all_objects.filter(title="Ideas for a comment system").count() == 1


def test_running_it_again_keeps_a_changed_password(debug):
    load_demo_data()
    alice = get_user_model().objects.get(username="alice")
    alice.set_password("alice-chose-this-one")
    alice.save()

    load_demo_data()

    alice.refresh_from_db()
    assert alice.check_password("alice-chose-this-one")


def test_it_prints_the_demo_sign_ins(debug):
    output = load_demo_data()

    printed = {username: role for username, _password, role in PRINTED_SIGN_IN.findall(output)}
    assert printed == {
        "admin": "Administrator, superuser",
        "edith": "Editor",
        "alice": "Author",
        "bob": "Author",
        "connie": "Contributor",
    }


def test_printed_passwords_sign_in_through_the_login_page(debug):
    output = load_demo_data()

    sign_ins = PRINTED_SIGN_IN.findall(output)
    assert len(sign_ins) == len(EXPECTED_ROLES)
    for username, password, printed_role in sign_ins:
        client = Client()
        response = client.post("/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        assert response.headers["Location"] == "/admin_page/"
        user = get_user_model().objects.get(username=username)
        assert client.session["_auth_user_id"] == str(user.pk)
        assert printed_role.split(",")[0] == role_of(user).label


def test_it_refuses_to_run_in_production_and_creates_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG=0"):
        load_demo_data()

    assert counts() == {"users": 0, "categories": 0, "tags": 0, "posts": 0, "revisions": 0}


def test_blog_home_shows_ten_posts_and_a_second_page(debug, client):
    load_demo_data()

    first = client.get("/")

    assert first.status_code == 200
    assert first.text.count('<article class="post-summary">') == 10
    assert 'href="?page=2"' in first.text
    second = client.get("/?page=2")
    assert second.status_code == 200
    assert second.text.count('<article class="post-summary">') >= 1
    first_titles = {post.title for post in first.context["posts"]}
    second_titles = {post.title for post in second.context["posts"]}
    assert not first_titles & second_titles


def test_the_readers_pages_it_prints_give_a_feed_a_search_result_and_an_author(debug):
    printed = load_demo_data()
    paths = dict(re.findall(r"^  (.+): (/\S*)$", printed, re.MULTILINE))
    reader = Client()

    feed = reader.get(paths["The blog's feed, for a feed reader"])
    found = reader.get(paths["Search for a word of a demo post"])
    author = reader.get(paths["An author's page"])

    assert feed["Content-Type"].startswith("application/rss+xml")
    assert feed.text.count("<item>") == 20
    assert found.status_code == 200
    assert ">Password hashing with Argon2</a></h2>" in found.text
    assert "password hashing with <mark>argon2</mark>" in found.text
    assert author.status_code == 200
    assert "<h1>Alice Author</h1>" in author.text
