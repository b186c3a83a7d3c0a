"""One rule for usernames, however an account is made: no "@", since both sign-in pages take a
username or an e-mail address. The model's field holds the rule (accounts.validators); the join
page (team/tests/test_invitations.py), Django admin and createsuperuser all refuse with its
message."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.validators import NO_AT_SIGN
from tests.processes import usernames_in
from tests.terminal import Terminal

pytestmark = pytest.mark.django_db

STRONG = "violet-tractor-anthem-42"
ADDRESS_LIKE = "ann@example.com"
BAD_CHARACTERS = "Enter a valid username: letters, digits and . + - _ only."


def unsaved(username: str) -> User:
    user = User(username=username, email="ann@example.com")
    user.set_password(STRONG)
    return user


class TestTheModel:
    def test_full_clean_refuses_an_at_sign_with_its_reason(self):
        with pytest.raises(ValidationError) as refused:
            unsaved(ADDRESS_LIKE).full_clean()

        assert refused.value.message_dict == {"username": [NO_AT_SIGN]}

    @pytest.mark.parametrize("username", ["ann", "ann.lee", "ann+blog", "ann-lee_2", "zoë"])
    def test_letters_digits_and_dot_plus_minus_underscore_are_accepted(self, username):
        unsaved(username).full_clean()

    @pytest.mark.parametrize("username", ["ann lee", "ann/lee", "ann!"])
    def test_other_characters_are_refused_without_a_word_of_at_signs(self, username):
        with pytest.raises(ValidationError) as refused:
            unsaved(username).full_clean()

        assert refused.value.message_dict == {"username": [BAD_CHARACTERS]}


class TestDjangoAdmin:
    ADD_USER = "/admin/accounts/user/add/"

    def add_user(self, client, username: str):
        return client.post(
            self.ADD_USER,
            {
                "username": username,
                "usable_password": "true",
                "password1": STRONG,
                "password2": STRONG,
            },
        )

    def test_adding_a_user_refuses_an_at_sign(self, client, superuser):
        client.force_login(superuser)

        response = self.add_user(client, ADDRESS_LIKE)

        assert response.status_code == 200
        assert NO_AT_SIGN in response.text
        assert not User.objects.filter(username=ADDRESS_LIKE).exists()

    def test_adding_a_user_with_a_plain_username_works(self, client, superuser):
        client.force_login(superuser)

        response = self.add_user(client, "ann")

        assert response.status_code == 302
        assert User.objects.filter(username="ann").exists()

    def test_renaming_a_user_refuses_an_at_sign(self, client, superuser, author):
        client.force_login(superuser)
        joined = author.date_joined

        response = client.post(
            f"/admin/accounts/user/{author.pk}/change/",
            {
                "username": ADDRESS_LIKE,
                "email": author.email,
                "is_active": "on",
                "date_joined_0": joined.strftime("%Y-%m-%d"),
                "date_joined_1": joined.strftime("%H:%M:%S"),
            },
        )

        assert response.status_code == 200
        assert NO_AT_SIGN in response.text
        author.refresh_from_db()
        assert author.username == "alice"


class TestCreatesuperuser:
    def test_without_prompts_it_refuses_an_at_sign_and_creates_nobody(self):
        with pytest.raises(CommandError) as refused:
            call_command(
                "createsuperuser",
                interactive=False,
                username=ADDRESS_LIKE,
                email=ADDRESS_LIKE,
                stdout=StringIO(),
            )

        assert str(refused.value) == NO_AT_SIGN
        assert not User.objects.exists()

    def test_at_its_prompts_it_refuses_an_at_sign_and_asks_again(self, database):
        with Terminal(
            "manage.py",
            "createsuperuser",
            f"--username={ADDRESS_LIKE}",
            f"--email={ADDRESS_LIKE}",
            DATABASE_URL=f"sqlite:///{database}",
        ) as terminal:
            terminal.wait_for(NO_AT_SIGN)
            terminal.wait_for("Username")
            terminal.type("ann")
            terminal.wait_for("Password: ")
            terminal.type(STRONG)
            terminal.wait_for("Password (again): ")
            terminal.type(STRONG)
            terminal.wait_for("Superuser created successfully.")

            assert terminal.exit_code() == 0

        assert usernames_in(database) == ["ann"]
