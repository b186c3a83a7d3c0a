"""TGDB_REQUIRE_2FA: an account that must have a second factor, and has none, sets one up
after the password and reaches nothing else until it has."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from bench.authenticator import Authenticator
from tests.clients import signed_in_as
from tests.factories import PASSWORD, UserFactory
from tests.processes import production, python
from tests.two_factor import add_authenticator, code_now

pytestmark = pytest.mark.django_db

SECURITY = "/cadmin/security/"
RECOVERY_CODES = "/cadmin/security/recovery-codes/"


def sign_in(client, username, door="/cadmin/login/", **fields):
    return client.post(door, {"username": username, "password": PASSWORD, **fields})


def turn_on_authenticator(client, username="root"):
    """Add the authenticator app on its page, with the code the app would show."""
    client.get("/cadmin/security/authenticator/")
    device = TOTPDevice.objects.get(user__username=username)
    return client.post("/cadmin/security/authenticator/", {"otp_token": code_now(device)})


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


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
        UserFactory(username="root", is_staff=True)
        client = Client()
        sign_in(client, "root")

        turn_on_authenticator(client)

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


@pytest.mark.usefixtures("staff_rule")
class TestOnToWhereItWasGoing:
    """After the set-up, the browser goes on to the page the sign-in was going to."""

    @pytest.fixture
    def root(self):
        return UserFactory(username="root", is_staff=True)

    def test_the_security_page_names_the_first_page_turned_away(self, root):
        client = Client()
        signed_in = sign_in(client, "root", next="/cadmin/post/add/")
        client.get(signed_in.headers["Location"])
        client.get("/cadmin/")  # clicked around meanwhile

        page = client.get(SECURITY)

        assert "Then continue to <code>/cadmin/post/add/</code>." in page.text

    def test_after_the_authenticator_its_recovery_codes_lead_on_there(self, root):
        client = Client()
        signed_in = sign_in(client, "root", next="/cadmin/post/add/")
        client.get(signed_in.headers["Location"])

        turned_on = turn_on_authenticator(client)

        assert turned_on.headers["Location"] == with_next(RECOVERY_CODES, "/cadmin/post/add/")
        codes = client.get(turned_on.headers["Location"])
        assert '<a href="/cadmin/post/add/">I have saved them</a>' in codes.text
        assert client.get("/cadmin/post/add/").status_code == 200
        assert "Then continue to" not in client.get(SECURITY).text

    def test_after_a_passkey_naming_it_leads_on_there(self, root):
        client = Client(HTTP_HOST="localhost")  # passkeys need the site's name, never an IP
        signed_in = sign_in(client, "root", next="/cadmin/post/add/")
        client.get(signed_in.headers["Location"])
        options = client.post("/passkeys/register/begin/").json()
        made = Authenticator.for_user("root").attestation(options, "http://localhost")

        added = client.post(
            "/passkeys/register/complete/", json.dumps(made), content_type="application/json"
        )

        passkey = WebAuthnCredential.objects.get(user=root)
        naming = with_next(f"/cadmin/security/passkeys/{passkey.pk}/", "/cadmin/post/add/")
        assert added.json()["redirect_url"] == with_next(RECOVERY_CODES, naming)
        codes = client.get(added.json()["redirect_url"])
        assert f'<a href="{naming}">I have saved them</a>' in codes.text
        assert '<a href="/cadmin/post/add/">Continue</a>' in client.get(naming).text
        named = client.post(naming, {"name": "Phone"})
        assert named.headers["Location"] == "/cadmin/post/add/"
        assert client.get("/cadmin/post/add/").status_code == 200

    @pytest.mark.parametrize("bad_next", ["//evil.example", "https://evil.example"])
    def test_a_next_on_another_site_leads_on_to_the_default_instead(self, root, bad_next):
        client = Client()
        signed_in = sign_in(client, "root", next=bad_next)
        client.get(signed_in.headers["Location"])

        turned_on = turn_on_authenticator(client)

        assert signed_in.headers["Location"] == "/cadmin/"
        assert turned_on.headers["Location"] == with_next(RECOVERY_CODES, "/cadmin/")
        codes = client.get(turned_on.headers["Location"])
        assert '<a href="/cadmin/">I have saved them</a>' in codes.text
        assert "evil.example" not in codes.text

    def test_a_path_that_names_another_site_is_never_led_on_to(self, root):
        client = Client()
        sign_in(client, "root")
        # A request line of "GET //evil.example/": a path, which a redirect would read as a host.
        turned_away = client.get("/", PATH_INFO="//evil.example/")

        assert turned_away.headers["Location"] == SECURITY
        assert "Then continue to" not in client.get(SECURITY).text
        assert turn_on_authenticator(client).headers["Location"] == RECOVERY_CODES


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
