"""Two gunicorn servers behind one address, as a load balancer would use them: they share
PostgreSQL and Redis, so whichever one answers, a reader and an author see the same site."""

import contextlib
import re
import uuid

import pytest
from django.core.management.utils import get_random_secret_key

from tests.servers import (
    CSRF_FIELD,
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
# Accounts of their own: sessions the other tests leave signed in would be listed beside them.
SESSIONS_ACCOUNTS = ("two_browsers", "three_browsers")
END_SESSION_FORM = re.compile(r'action="/cadmin/sessions/(\d+)/end/"')
SIGNED_OUT = "/cadmin/login/?next=/cadmin/"


@pytest.fixture(scope="module")
def database(postgres_server):
    url = create_database(postgres_server)
    for username in ("writer", "guesser_target", "leaving_writer", *SESSIONS_ACCOUNTS):
        create_user(url, username, PASSWORD)
    create_user(url, "chief", PASSWORD, role="Administrator")
    create_user(url, "demoted_editor", PASSWORD, role="Editor")
    yield url
    drop_database(postgres_server, url)


@pytest.fixture(scope="module")
def servers(database, redis_server):
    """Servers A and B with one secret key, so either can read the other's session cookie."""
    variables = production_environment(database, get_random_secret_key(), redis_server.url)
    # The administrator here signs in with a password alone; second factors have tests of
    # their own.
    variables["TGDB_REQUIRE_2FA"] = "none"
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


def signed_in_browser(server_url: str, username: str) -> Browser:
    browser = Browser()
    signed_in = browser.sign_in(server_url, username, PASSWORD)
    assert (signed_in.status, signed_in.headers["Location"]) == (302, "/cadmin/"), signed_in.text
    return browser


def test_a_session_ended_on_one_server_is_refused_on_the_other(servers):
    a, b = servers
    mine = signed_in_browser(a.url, "two_browsers")
    other = signed_in_browser(a.url, "two_browsers")
    assert other.get(f"{b.url}/cadmin/").status == 200

    listed = mine.get(f"{a.url}/cadmin/sessions/")
    [other_row] = END_SESSION_FORM.findall(listed.text)  # no button to end this browser's own
    ended = mine.submit(
        f"{a.url}/cadmin/sessions/{other_row}/end/", {}, page=f"{a.url}/cadmin/sessions/"
    )
    refused = other.get(f"{b.url}/cadmin/")

    assert listed.status == 200
    assert listed.text.count("This browser") == 1
    assert (ended.status, ended.headers["Location"]) == (302, "/cadmin/sessions/")
    assert (refused.status, refused.headers["Location"]) == (302, SIGNED_OUT)
    assert mine.get(f"{b.url}/cadmin/").status == 200
    after = mine.get(f"{b.url}/cadmin/sessions/")
    assert END_SESSION_FORM.findall(after.text) == []
    assert after.text.count("This browser") == 1


def test_everywhere_else_on_one_server_ends_the_sessions_used_on_the_other(servers):
    a, b = servers
    others = [signed_in_browser(a.url, "three_browsers") for _ in range(2)]
    # Read on A once more, so that A has them in the shared cache as well as in the database.
    assert all(other.get(f"{a.url}/cadmin/").status == 200 for other in others)
    mine = signed_in_browser(b.url, "three_browsers")
    everywhere_else = f"{b.url}/cadmin/sessions/end-others/"

    asked = mine.get(everywhere_else)  # just signed in: no need to confirm it is me again
    done = mine.post(everywhere_else, {"csrfmiddlewaretoken": CSRF_FIELD.search(asked.text)[1]})

    assert asked.status == 200
    assert "Every other browser signed in to your account will be signed out" in asked.text
    assert (done.status, done.headers["Location"]) == (302, "/cadmin/sessions/")
    for other in others:
        refused = other.get(f"{a.url}/cadmin/")
        assert (refused.status, refused.headers["Location"]) == (302, SIGNED_OUT)
    listed = mine.get(f"{a.url}/cadmin/sessions/")
    assert listed.status == 200
    assert "Signed out everywhere else (2)." in listed.text
    assert END_SESSION_FORM.findall(listed.text) == []


def test_deactivating_a_person_on_one_server_ends_their_sessions_on_both(servers):
    a, b = servers
    on_a, on_b, chief = Browser(), Browser(), Browser()
    on_a.sign_in(a.url, "leaving_writer", PASSWORD)
    on_b.sign_in(b.url, "leaving_writer", PASSWORD)
    chief.sign_in(b.url, "chief", PASSWORD)
    people = chief.get(f"{b.url}/cadmin/people/").text
    pk = re.search(r"leaving_writer.*?/cadmin/people/(\d+)/deactivate/", people, re.DOTALL)[1]

    done = chief.submit(f"{b.url}/cadmin/people/{pk}/deactivate/", {})

    assert done.status == 302
    assert done.headers["Location"] == "/cadmin/people/"
    for browser, server in ((on_a, a), (on_b, b), (on_a, b), (on_b, a)):
        dashboard = browser.get(f"{server.url}/cadmin/")
        assert dashboard.status == 302
        assert dashboard.headers["Location"] == SIGNED_OUT
    newcomer = Browser()
    again = newcomer.sign_in(a.url, "leaving_writer", PASSWORD)
    assert again.status == 200
    assert WRONG_CREDENTIALS in again.text
    assert newcomer.get(f"{b.url}/cadmin/").headers["Location"] == SIGNED_OUT


def test_a_role_changed_on_one_server_applies_at_once_on_the_other(servers):
    a, b = servers
    person, chief = Browser(), Browser()
    person.sign_in(a.url, "demoted_editor", PASSWORD)
    assert person.get(f"{a.url}/cadmin/categories/").status == 200  # its permissions kept
    chief.sign_in(b.url, "chief", PASSWORD)
    people = chief.get(f"{b.url}/cadmin/people/").text
    pk = re.search(r"demoted_editor.*?/cadmin/people/(\d+)/role/", people, re.DOTALL)[1]

    done = chief.submit(
        f"{b.url}/cadmin/people/{pk}/role/", {"role": "Author"}, page=f"{b.url}/cadmin/people/"
    )

    assert done.status == 302
    assert person.get(f"{a.url}/cadmin/categories/").status == 403
    assert person.get(f"{b.url}/cadmin/categories/").status == 403
