"""Error pages (400, 403, 404, 429, 500) in the site's layout, leaking nothing about the code."""

import pytest
from django.test import Client

from accounts.middleware import UNREADABLE_FORM
from tests.factories import PASSWORD, UserFactory
from tests.processes import REPO_ROOT

from .urls_with_errors import SECRET_DETAIL

pytestmark = pytest.mark.django_db

SITE_NAME_LINK = '<a class="site-name" href="/">The Great Django Blog</a>'
BACK_TO_THE_BLOG = '<a href="/">Go to the blog</a>'
# What Django's debug pages show; none of it may reach a visitor.
DEBUG_MARKERS = [
    "Traceback",
    "seeing this error because you have",
    "Django tried these URL patterns",
    "Request Method:",
    "Exception Value",
    "CSRF verification failed",
    "site-packages",
    str(REPO_ROOT),
]


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False


def assert_our_error_page(response, status: int, *texts: str) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert SITE_NAME_LINK in html
    assert f"Error {status}" in html
    assert BACK_TO_THE_BLOG in html
    for text in texts:
        assert text in html
    for marker in DEBUG_MARKERS:
        assert marker not in html


@pytest.mark.parametrize("url", ["/no-such-page/", "/999999/no-such-post/", "/cadmin/nowhere/"])
def test_a_missing_page_gets_our_404(client, url):
    response = client.get(url)

    assert_our_error_page(response, 404, "There is no page here")


@pytest.mark.parametrize("url", ["/login/", "/cadmin/login/"])
@pytest.mark.parametrize(
    "body",
    [b"username=%FF%FE&password=%C3%28", b"username=\xff\xfe&password=\xc3\x28"],
    ids=["percent-encoded", "raw"],
)
def test_a_form_that_is_not_utf8_gets_our_400_with_the_reason(client, author, url, body):

    response = client.generic(
        "POST", url, data=body, content_type="application/x-www-form-urlencoded"
    )

    assert_our_error_page(response, 400, "That request could not be read", UNREADABLE_FORM)
    assert "_auth_user_id" not in client.session


def test_an_unknown_host_gets_our_400(client):
    response = client.get("/", HTTP_HOST="evil.example.net")

    assert_our_error_page(response, 400, "That request could not be read")
    assert "evil.example.net" not in response.text


@pytest.mark.parametrize("url", ["/login/", "/cadmin/login/", "/admin/login/"])
def test_a_form_without_its_csrf_token_gets_our_expired_form_page(csrf_client, author, url):
    response = csrf_client.post(url, {"username": "alice", "password": PASSWORD})

    assert_our_error_page(response, 403, "This form has expired", "Nothing was saved")
    assert "_auth_user_id" not in csrf_client.session


def test_a_staff_member_without_permission_gets_our_403(client):
    # Django admin raises PermissionDenied for a model the staff member may not view.
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/admin/accounts/user/")

    assert_our_error_page(response, 403, "You are not allowed to do that")


class TestServerError:
    @pytest.fixture(autouse=True)
    def urls_with_a_broken_view(self, settings):
        settings.ROOT_URLCONF = "accounts.tests.urls_with_errors"

    @pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
    def test_a_crash_gets_our_500_without_any_detail(self, author, signed_in):
        client = Client(raise_request_exception=False)
        if signed_in:
            client.force_login(author)

        response = client.get("/broken/")

        assert_our_error_page(response, 500, "Something went wrong on our side")
        assert SECRET_DETAIL not in response.text
        assert "RuntimeError" not in response.text
        assert "secrets.py" not in response.text
        assert "urls_with_errors" not in response.text

    def test_the_other_pages_still_work_beside_the_broken_view(self, client):
        # Shows the test URLconf serves the real site, so the 500 above is the site's own page.
        response = client.get("/")

        assert response.status_code == 200


def test_a_lockout_gets_our_429_page(client, author):
    for _ in range(5):
        response = client.post("/cadmin/login/", {"username": "alice", "password": "wrong"})

    assert_our_error_page(response, 429, "Sign-in is paused", "15 minutes")
    assert response.headers["Retry-After"] == "900"
