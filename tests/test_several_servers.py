"""Two gunicorn servers behind one address, as a load balancer would use them: they share
PostgreSQL and Redis, so whichever one answers, a reader and an author see the same site."""

import contextlib
import uuid

import pytest
from django.core.management.utils import get_random_secret_key

from tests.servers import (
    Browser,
    Gunicorn,
    create_database,
    create_user,
    drop_database,
    production_environment,
)

pytestmark = pytest.mark.own_services

PASSWORD = "Quiet-river-crossing-42"
WRONG_PASSWORD = "Not-the-password-42"
WRONG_CREDENTIALS = "Wrong username, e-mail or password."


@pytest.fixture(scope="module")
def database(postgres_server):
    url = create_database(postgres_server)
    for username in ("writer", "guesser_target"):
        create_user(url, username, PASSWORD)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture(scope="module")
def servers(database, redis_server):
    """Servers A and B with one secret key, so either can read the other's session cookie."""
    variables = production_environment(database, get_random_secret_key(), redis_server.url)
    with contextlib.ExitStack() as stack:
        yield (
            stack.enter_context(Gunicorn(variables)),
            stack.enter_context(Gunicorn(variables)),
        )


def test_session_started_on_one_server_is_signed_in_on_the_other(servers):
    a, b = servers
    browser = Browser()

    signed_in = browser.sign_in(a.url, "writer", PASSWORD)
    dashboard = browser.get(f"{b.url}/cadmin/")

    assert signed_in.status == 302
    assert signed_in.headers["Location"] == "/cadmin/"
    assert dashboard.status == 200
    assert "Welcome writer" in dashboard.text


def test_sign_out_on_one_server_ends_the_session_on_the_other(servers):
    a, b = servers
    browser = Browser()
    browser.sign_in(a.url, "writer", PASSWORD)
    old_cookies = dict(browser.cookies)

    signed_out = browser.submit(f"{b.url}/cadmin/logout/", {}, page=f"{b.url}/cadmin/")
    # The old cookie, replayed on A, proves the session itself is gone, not just the cookie.
    for cookies in (browser.cookies, old_cookies):
        dashboard = Browser(dict(cookies)).get(f"{a.url}/cadmin/")

        assert dashboard.status == 302
        assert dashboard.headers["Location"] == "/cadmin/login/?next=/cadmin/"
    assert signed_out.status == 200
    assert "sessionid" not in browser.cookies


def test_failed_sign_ins_on_both_servers_add_up_to_one_lockout(servers):
    a, b = servers
    browser = Browser()

    pages = [
        browser.sign_in(server.url, "guesser_target", WRONG_PASSWORD) for server in (a, a, a, b, b)
    ]
    # Even the right password is refused now, on the server that saw only three failures.
    after_lockout = browser.sign_in(a.url, "guesser_target", PASSWORD)

    assert [page.status for page in pages] == [200, 200, 200, 200, 429]
    assert all(WRONG_CREDENTIALS in page.text for page in pages[:4])
    assert "Sign-in is paused" in pages[4].text
    assert after_lockout.status == 429
    assert "Sign-in is paused" in after_lockout.text
    assert "sessionid" not in browser.cookies


def test_post_written_on_one_server_is_on_the_others_blog_at_once(servers):
    a, b = servers
    browser = Browser()
    browser.sign_in(a.url, "writer", PASSWORD)
    title = f"Notes from server A {uuid.uuid4().hex[:8]}"

    added = browser.submit(
        f"{a.url}/cadmin/post/add/",
        {"title": title, "body": "Written on *A*.", "status": "published"},
    )
    blog = Browser().get(f"{b.url}/")

    assert added.status == 302
    assert added.headers["Location"] == "/cadmin/posts/"
    assert blog.status == 200
    assert title in blog.text
