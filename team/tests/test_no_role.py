"""An account without a role can sign in but do nothing in the dashboard: its home page and
the 403 of a role-only page say what roles are and whom to ask for one."""

import pytest

from team.roles import Role
from tests.clients import signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NO_ROLE_YET = "Your account has no role yet, so there is nothing to write here."
ROLES_ARE_GIVEN = (
    "Roles — Contributor, Author, Editor, Administrator — are given by an administrator: ask "
)
BARE_403 = "Your account does not have permission for this page."
# Pages only a role opens: a role-less account gets a 403 there.
ROLE_ONLY_PAGES = [
    "/cadmin/post/add/",
    "/cadmin/review/",
    "/cadmin/categories/",
    "/cadmin/tags/",
    "/cadmin/people/",
]


@pytest.fixture
def nora(db):
    return UserFactory(username="nora", role="")


@pytest.fixture
def administrators(db):
    """Ada, an administrator by name; Root, a superuser known by the username alone."""
    return [
        UserFactory(
            username="ada",
            display_name="Ada Lovelace",
            email="ada@example.com",
            role=Role.ADMINISTRATOR,
        ),
        UserFactory(username="root", email="root@example.com", is_superuser=True, role=""),
    ]


def asks(*whom: str) -> str:
    return f"{ROLES_ARE_GIVEN}{' or '.join(whom)}."


class TestTheDashboardHome:
    def test_a_role_less_account_is_told_what_roles_are_and_whom_to_ask(self, nora, administrators):
        page = signed_in(nora).get("/cadmin/")

        assert page.status_code == 200
        assert NO_ROLE_YET in page.text
        assert asks("Ada Lovelace", "root") in page.text
        assert "Publishes, schedules, edits and deletes their own posts." in page.text
        assert "Your recent posts" not in page.text

    def test_an_author_is_not_told(self, author, administrators):
        page = signed_in(author).get("/cadmin/")

        assert NO_ROLE_YET not in page.text
        assert ROLES_ARE_GIVEN not in page.text
        assert "Your recent posts" in page.text

    def test_a_superuser_is_not_told(self, administrators):
        page = signed_in(administrators[1]).get("/cadmin/")

        assert NO_ROLE_YET not in page.text


class TestRoleOnlyPages:
    @pytest.mark.parametrize("url", ROLE_ONLY_PAGES)
    def test_a_role_less_account_gets_the_same_explanation_with_its_403(
        self, nora, administrators, url
    ):
        page = signed_in(nora).get(url)

        assert page.status_code == 403
        assert NO_ROLE_YET in page.text
        assert asks("Ada Lovelace", "root") in page.text
        assert BARE_403 not in page.text

    def test_an_author_on_a_page_above_her_role_gets_the_plain_403(self, author, administrators):
        page = signed_in(author).get("/cadmin/people/")

        assert page.status_code == 403
        assert BARE_403 in page.text
        assert NO_ROLE_YET not in page.text


class TestWhomToAsk:
    def test_administrators_e_mail_addresses_are_never_shown(self, nora, administrators):
        UserFactory(username="eve@example.org", email="eve@example.org", role=Role.ADMINISTRATOR)

        page = signed_in(nora).get("/cadmin/")

        # Eve's username is her address, and she has no other name: she is not named.
        assert asks("Ada Lovelace", "root") in page.text
        for address in ("ada@example.com", "root@example.com", "eve@example.org"):
            assert address not in page.text

    def test_inactive_administrators_and_other_roles_are_not_named(self, nora, administrators):
        UserFactory(username="gone", role=Role.ADMINISTRATOR, is_active=False)
        UserFactory(username="edith", role=Role.EDITOR)

        page = signed_in(nora).get("/cadmin/")

        assert asks("Ada Lovelace", "root") in page.text

    def test_without_an_active_administrator_it_says_an_administrator_of_this_blog(self, nora):
        page = signed_in(nora).get("/cadmin/")

        assert asks("an administrator of this blog") in page.text

    def test_many_administrators_are_named_five_at_most(self, nora):
        for letter in "abcdefg":
            UserFactory(username=f"admin-{letter}", role=Role.ADMINISTRATOR)

        page = signed_in(nora).get("/cadmin/")

        named = "admin-a, admin-b, admin-c, admin-d, admin-e"
        assert f"{ROLES_ARE_GIVEN}{named} or another administrator." in page.text

    def test_names_are_shown_as_text(self, nora):
        UserFactory(username="mallory", display_name="<b>Mallory</b>", role=Role.ADMINISTRATOR)

        page = signed_in(nora).get("/cadmin/")

        assert asks("&lt;b&gt;Mallory&lt;/b&gt;") in page.text
