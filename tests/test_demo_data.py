"""`manage.py load_demo_data`: demo accounts and posts for development, safe to run twice."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from blog.models import Category, Post, Tag

pytestmark = pytest.mark.django_db

# "  alice  / demo-alice-pass   (author)" as printed by the command.
PRINTED_SIGN_IN = re.compile(r"^\s*(\S+)\s*/\s*(\S+)\s*\((superuser|author)\)\s*$", re.MULTILINE)


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
    }


def test_it_creates_accounts_taxonomies_and_posts(debug):
    load_demo_data()

    users = get_user_model().objects
    admin = users.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    for username in ("alice", "bob"):
        author = users.get(username=username)
        assert not author.is_superuser
        assert not author.is_staff
    assert Category.objects.count() >= 5
    assert Tag.objects.count() >= 5
    assert Post.objects.published().count() >= 30
    assert Post.objects.filter(status=Post.Status.DRAFT).exists()


def test_running_it_twice_creates_nothing_new(debug):
    load_demo_data()
    first = counts()

    output = load_demo_data()

    assert counts() == first
    assert "0 new posts" in output


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
    assert printed == {"admin": "superuser", "alice": "author", "bob": "author"}


def test_printed_passwords_sign_in_through_the_login_page(debug):
    output = load_demo_data()

    sign_ins = PRINTED_SIGN_IN.findall(output)
    assert len(sign_ins) == 3
    for username, password, _role in sign_ins:
        client = Client()
        response = client.post("/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        assert response.headers["Location"] == "/admin_page/"
        user = get_user_model().objects.get(username=username)
        assert client.session["_auth_user_id"] == str(user.pk)


def test_it_refuses_to_run_in_production_and_creates_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG=0"):
        load_demo_data()

    assert counts() == {"users": 0, "categories": 0, "tags": 0, "posts": 0}


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
