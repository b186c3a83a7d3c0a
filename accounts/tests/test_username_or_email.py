"""Sign in with a username or an e-mail address (any case), on every sign-in page."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from tests.doors import ADMIN, every_sign_in_page
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

TAKEN = "Another account already uses this e-mail address."
OTHER_PASSWORD = "b-has-her-own-passphrase"


def sign_in(client, door, login, password):
    data = {"username": login, "password": password}
    if door is ADMIN:
        data["next"] = "/admin/"
    return client.post(door.login_url, data)


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def form_errors(response):
    return response.context["form"].errors


@pytest.fixture
def alice(db):
    # Staff, so that Django admin's page lets her in too.
    return UserFactory(username="alice", email="Alice@Example.com", is_staff=True)


class TestSigningIn:
    @every_sign_in_page
    @pytest.mark.parametrize(
        "login",
        ["alice", "Alice@Example.com", "alice@example.com", "ALICE@EXAMPLE.COM"],
        ids=["username", "e-mail", "e-mail-lower-case", "e-mail-upper-case"],
    )
    def test_username_or_email_in_any_case_signs_in(self, client, alice, password, door, login):
        response = sign_in(client, door, login, password)

        assert response.status_code == 302
        assert response.headers["Location"] == door.landing
        assert signed_in_user_id(client) == str(alice.pk)

    @every_sign_in_page
    def test_wrong_password_with_email_gets_the_same_answer_as_an_unknown_user(
        self, client, alice, door
    ):
        wrong_password = sign_in(client, door, "alice@example.com", "not-her-password")
        unknown_user = sign_in(client, door, "nobody", "not-her-password")

        assert wrong_password.status_code == unknown_user.status_code == 200
        assert form_errors(wrong_password) == form_errors(unknown_user)
        assert form_errors(wrong_password)  # there is a message, and it is that one
        assert signed_in_user_id(client) is None

    @every_sign_in_page
    def test_email_that_belongs_to_nobody_does_not_sign_in(self, client, alice, password, door):
        unknown_email = sign_in(client, door, "nobody@example.com", password)
        unknown_user = sign_in(client, door, "nobody", password)

        assert unknown_email.status_code == 200
        assert form_errors(unknown_email) == form_errors(unknown_user)
        assert signed_in_user_id(client) is None


class TestUsernameThatLooksLikeAnotherUsersEmail:
    """No account can be made with "@" in its username any more (accounts.validators), but one
    made before that rule may still have one: the factory saves it as such an old row."""

    @pytest.fixture
    def users(self, db):
        named = UserFactory(username="x@example.com", email="a@example.com", is_staff=True)
        addressed = UserFactory(username="bee", email="x@example.com", is_staff=True)
        addressed.set_password(OTHER_PASSWORD)
        addressed.save()
        return named, addressed

    @every_sign_in_page
    def test_username_wins_with_its_owners_password(self, client, users, password, door):
        named, _ = users

        response = sign_in(client, door, "x@example.com", password)

        assert response.status_code == 302
        assert signed_in_user_id(client) == str(named.pk)

    @every_sign_in_page
    def test_email_owners_password_does_not_sign_anyone_in(self, client, users, door):
        response = sign_in(client, door, "x@example.com", OTHER_PASSWORD)

        assert response.status_code == 200
        assert signed_in_user_id(client) is None


class TestEmailsAreUniqueIgnoringCase:
    def test_model_refuses_a_second_account_with_the_same_email_in_another_case(self, alice):
        twin = User(username="alice2", email="aLiCe@eXaMpLe.CoM")
        twin.set_unusable_password()

        with pytest.raises(ValidationError) as raised:
            twin.full_clean()

        assert TAKEN in raised.value.messages

    def test_many_accounts_may_have_no_email(self, db):
        for username in ["one", "two", "three"]:
            UserFactory(username=username, email="").full_clean()

        assert User.objects.filter(email="").count() == 3

    def test_admin_change_form_refuses_another_accounts_email(self, client, alice, superuser):
        bob = UserFactory(username="bob", email="bob@example.com")
        client.force_login(superuser)

        response = client.post(
            f"/admin/accounts/user/{bob.pk}/change/",
            {
                "username": "bob",
                "email": "ALICE@example.com",
                "is_active": "on",
                "date_joined_0": "2024-01-01",
                "date_joined_1": "12:00:00",
            },
        )

        assert response.status_code == 200
        assert TAKEN in response.text
        bob.refresh_from_db()
        assert bob.email == "bob@example.com"

    def test_admin_change_form_saves_an_email_nobody_else_uses(self, client, alice, superuser):
        # The same post with a free address is saved, so the refusal above is the constraint.
        bob = UserFactory(username="bob", email="bob@example.com")
        client.force_login(superuser)

        response = client.post(
            f"/admin/accounts/user/{bob.pk}/change/",
            {
                "username": "bob",
                "email": "Bob.New@example.com",
                "is_active": "on",
                "date_joined_0": "2024-01-01",
                "date_joined_1": "12:00:00",
            },
        )

        assert response.status_code == 302
        assert response.headers["Location"] == "/admin/accounts/user/"
        bob.refresh_from_db()
        assert bob.email == "Bob.New@example.com"


class TestEmailAndUsernameShareOneLockout:
    @every_sign_in_page
    def test_failures_by_username_and_by_email_add_up(self, client, alice, password, door):
        for login in ["alice", "alice", "alice", "ALICE@example.com"]:
            assert sign_in(client, door, login, "wrong-guess-here").status_code == 200

        fifth = sign_in(client, door, "alice@example.com", "wrong-guess-here")
        after = sign_in(client, door, "alice", password)

        assert fifth.status_code == 429
        assert after.status_code == 429
        assert "Sign-in is paused" in after.text
        assert signed_in_user_id(client) is None

    @every_sign_in_page
    def test_failures_on_two_accounts_do_not_add_up(self, client, alice, password, door):
        UserFactory(username="bob", email="bob@example.com")
        for login in ["alice", "alice", "alice", "alice", "bob@example.com"]:
            assert sign_in(client, door, login, "wrong-guess-here").status_code == 200

        response = sign_in(client, door, "alice@example.com", password)

        assert response.status_code == 302
        assert signed_in_user_id(client) == str(alice.pk)
