"""The activity page and Django admin name browsers as the sessions page does, never by the
raw User-Agent string."""

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0"


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def firefox(root) -> Client:
    client = Client(HTTP_USER_AGENT=FIREFOX)
    client.post("/cadmin/login/", {"username": "root", "password": PASSWORD})
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/cadmin/activity/",
        "/cadmin/sessions/",
        "/admin/accounts/accountevent/",
        "/admin/usersessions/usersession/",
    ],
)
def test_the_browser_is_named_for_people(firefox, url):
    page = firefox.get(url)

    assert page.status_code == 200
    assert "Firefox 130 on Windows" in page.text
    assert FIREFOX not in page.text
