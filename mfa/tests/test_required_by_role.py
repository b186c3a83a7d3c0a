"""TGDB_REQUIRE_2FA by role: every rule, for every kind of account, through a real sign-in.

An account the rule asks, without a second factor, is sent to the security page before it
reaches anything else; one the rule does not ask goes straight to the dashboard."""

import pytest
from django.test import Client

from team.roles import Role, set_role
from tests.factories import PASSWORD, UserFactory
from tests.processes import python
from tests.two_factor import add_authenticator, code_now

pytestmark = pytest.mark.django_db

SECURITY = "/cadmin/security/"

# The accounts: (role, is_staff, is_superuser).
ACCOUNTS = {
    "no role": ("", False, False),
    "contributor": (Role.CONTRIBUTOR, False, False),
    "author": (Role.AUTHOR, False, False),
    "staff author": (Role.AUTHOR, True, False),
    "staff without a role": ("", True, False),
    "editor": (Role.EDITOR, False, False),
    "administrator": (Role.ADMINISTRATOR, False, False),
    "superuser": ("", True, True),
}
EVERYONE = set(ACCOUNTS)
WITH_A_ROLE = EVERYONE - {"no role", "staff without a role"}  # a superuser is an Administrator

# Who each rule asks for a second factor.
ASKED = {
    "none": set(),
    "all": EVERYONE,
    "staff": {"staff author", "staff without a role", "editor", "administrator", "superuser"},
    "contributor": WITH_A_ROLE,
    "author": WITH_A_ROLE - {"contributor"},
    "editor": {"editor", "administrator", "superuser"},
    "administrator": {"administrator", "superuser"},
}
CASES = [(rule, account) for rule in ASKED for account in ACCOUNTS]


def make_account(account: str):
    role, is_staff, is_superuser = ACCOUNTS[account]
    username = account.replace(" ", "-")
    return UserFactory(username=username, role=role, is_staff=is_staff, is_superuser=is_superuser)


def sign_in(user) -> tuple[Client, str]:
    """Sign in through the dashboard's door: the client, and where the sign-in sent it."""
    client = Client()
    response = client.post("/cadmin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, f"{user.username} was not signed in"
    return client, response.headers["Location"]


@pytest.mark.parametrize(("rule", "account"), CASES)
def test_the_rule_asks_exactly_its_accounts_for_a_second_factor(settings, rule, account):
    settings.TGDB_REQUIRE_2FA = rule
    client, _ = sign_in(make_account(account))

    dashboard = client.get("/cadmin/")

    if account in ASKED[rule]:
        assert dashboard.status_code == 302
        assert dashboard.headers["Location"] == SECURITY
        assert client.get("/cadmin/post/add/").headers["Location"] == SECURITY
        assert "Your account needs a second factor" in client.get(SECURITY).text
    else:
        assert dashboard.status_code == 200
        assert "Your account needs a second factor" not in client.get(SECURITY).text


def test_a_role_rule_passes_an_account_that_has_a_factor(settings):
    settings.TGDB_REQUIRE_2FA = "contributor"
    connie = make_account("contributor")
    device = add_authenticator(connie)
    client, sent_to = sign_in(connie)

    assert sent_to.startswith("/cadmin/login/verify/")
    client.post("/cadmin/login/verify/", {"otp_token": code_now(device)})

    assert client.get("/cadmin/").status_code == 200


def test_a_promotion_is_asked_at_the_next_sign_in(settings):
    settings.TGDB_REQUIRE_2FA = "editor"
    bob = make_account("author")
    client, _ = sign_in(bob)
    assert client.get("/cadmin/").status_code == 200

    set_role(bob, Role.EDITOR)
    client, _ = sign_in(bob)

    assert client.get("/cadmin/").headers["Location"] == SECURITY


READ_RULE = "import django; django.setup(); from django.conf import settings; "
READ_RULE += "print(settings.TGDB_REQUIRE_2FA)"


@pytest.mark.parametrize("rule", ["contributor", "author", "editor", "administrator"])
def test_a_roles_name_is_a_rule_the_settings_accept(rule):
    result = python(READ_RULE, TGDB_REQUIRE_2FA=rule)

    assert result.stdout.split() == [rule], result.stderr


@pytest.mark.parametrize("rule", ["editors", "Editor", "superuser"])
def test_any_other_name_refuses_to_start_and_lists_the_rules(rule):
    result = python(READ_RULE, TGDB_REQUIRE_2FA=rule)

    assert result.returncode != 0
    assert "contributor, author, editor or administrator" in result.stderr
