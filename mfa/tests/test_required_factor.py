"""TGDB_REQUIRE_2FA: an account that must have a second factor, and has none, sets one up
after the password and reaches nothing else until it has."""

import pytest
from django.test import Client

from tests.clients import signed_in_as
from tests.factories import PASSWORD, UserFactory
from tests.processes import production, python
from tests.two_factor import add_authenticator, code_now

pytestmark = pytest.mark.django_db

SECURITY = "/cadmin/security/"


def sign_in(client, username, door="/cadmin/login/"):
    return client.post(door, {"username": username, "password": PASSWORD})


@pytest.fixture
def staff_rule(settings):
    settings.TGDB_REQUIRE_2FA = "staff"


READ_RULE = "import django; django.setup(); from django.conf import settings; "
READ_RULE += "print(settings.TGDB_REQUIRE_2FA, settings.TGDB_WEBAUTHN_RP_ID)"


def test_the_default_is_staff_in_production_and_none_in_development():
    development = python(READ_RULE, DJANGO_DEBUG="1")
    in_production = python(READ_RULE, **production(DJANGO_ALLOWED_HOSTS="blog.example,b.example"))

    assert development.stdout.split() == ["none", "localhost"], development.stderr
    assert in_production.stdout.split() == ["staff", "blog.example"], in_production.stderr


def test_an_unknown_rule_refuses_to_start():
    result = python(READ_RULE, TGDB_REQUIRE_2FA="some")

    assert result.returncode != 0
    assert "TGDB_REQUIRE_2FA must be none, staff or all." in result.stderr


@pytest.mark.usefixtures("staff_rule")
class TestStaffMustHaveOne:
    @pytest.mark.parametrize("door", ["/login/", "/cadmin/login/", "/admin/login/"])
    def test_staff_without_one_are_sent_to_set_one_up(self, door):
        UserFactory(username="root", is_staff=True, is_superuser=True)
        client = Client()

        sign_in(client, "root", door)
        response = client.get("/cadmin/")

        assert response.status_code == 302
        assert response.headers["Location"] == SECURITY
        page = client.get(SECURITY)
        assert "Your account needs a second factor" in page.text

    @pytest.mark.parametrize(
        "url", ["/cadmin/", "/cadmin/post/add/", "/admin/", "/admin_page/", "/cadmin/activity/"]
    )
    def test_nothing_else_is_reachable_meanwhile(self, url):
        UserFactory(username="root", is_staff=True)
        client = Client()
        sign_in(client, "root")

        assert client.get(url).headers["Location"] == SECURITY
        assert client.post(url, {"title": "x"}).headers["Location"] == SECURITY

    @pytest.mark.parametrize(
        "url", [SECURITY, "/cadmin/security/authenticator/", "/cadmin/confirm/", "/logout/"]
    )
    def test_the_setup_pages_and_signing_out_are_reachable(self, url):
        UserFactory(username="root", is_staff=True)
        client = Client()
        sign_in(client, "root")

        assert client.get(url).status_code == 200

    def test_adding_an_authenticator_opens_the_dashboard(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        UserFactory(username="root", is_staff=True)
        client = Client()
        sign_in(client, "root")
        client.get("/cadmin/security/authenticator/")
        device = TOTPDevice.objects.get(user__username="root")

        client.post("/cadmin/security/authenticator/", {"otp_token": code_now(device)})

        assert client.get("/cadmin/").status_code == 200

    def test_authors_are_not_asked(self):
        UserFactory(username="alice")
        client = Client()
        sign_in(client, "alice")

        assert client.get("/cadmin/").status_code == 200

    def test_a_session_from_before_the_rule_is_sent_too(self):
        root = UserFactory(username="root", is_staff=True)
        client = Client()
        client.force_login(root)

        assert client.get("/cadmin/").headers["Location"] == SECURITY

    def test_staff_with_a_factor_pass_the_second_step_and_go_anywhere(self):
        root = UserFactory(username="root", is_staff=True)
        device = add_authenticator(root)
        client = Client()
        sign_in(client, "root")
        client.post("/cadmin/login/verify/", {"otp_token": code_now(device)})

        assert signed_in_as(client) == str(root.pk)
        assert client.get("/cadmin/").status_code == 200
        assert client.get("/admin/").status_code == 200


def test_everyone_is_asked_with_all(settings):
    settings.TGDB_REQUIRE_2FA = "all"
    UserFactory(username="alice")
    client = Client()
    sign_in(client, "alice")

    assert client.get("/cadmin/").headers["Location"] == SECURITY


def test_nobody_is_asked_with_none(settings):
    settings.TGDB_REQUIRE_2FA = "none"
    UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    sign_in(client, "root")

    assert client.get("/cadmin/").status_code == 200
