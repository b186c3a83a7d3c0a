"""Passwords: Argon2 for new hashes, old PBKDF2 hashes upgraded at sign-in, Django's validators
wherever a password is set, and the same hashing work whether or not the account exists."""

import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hasher, make_password
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from tests.doors import ADMIN, every_sign_in_page
from tests.factories import PASSWORD, UserFactory
from tests.processes import manage, usernames_in
from tgdb import settings as project_settings
from throttle.hashers import GatedArgon2PasswordHasher

pytestmark = pytest.mark.django_db

STRONG = "violet-tractor-anthem-42"
USERNAME = "bartholomew"  # long enough that a password built on it is caught as too similar
WEAK_PASSWORDS = pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("Xq7#vLp2", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("4829105736", "This password is entirely numeric."),
        (f"{USERNAME}1", "The password is too similar to the username."),
    ],
    ids=["short", "common", "numeric", "like-username"],
)


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def sign_in(client, door, login, password):
    data = {"username": login, "password": password}
    if door is ADMIN:
        data["next"] = "/admin/"
    return client.post(door.login_url, data)


class TestHashers:
    def test_argon2_comes_first_and_pbkdf2_second(self):
        assert project_settings.PASSWORD_HASHERS[:2] == [
            "throttle.hashers.GatedArgon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]

    def test_a_new_password_is_hashed_with_argon2(self, real_hashers):
        assert get_hasher("default").algorithm == "argon2"
        assert make_password(STRONG).startswith("argon2$")

    def test_a_password_changed_on_the_dashboard_is_stored_as_argon2(self, client, real_hashers):
        user = UserFactory(username=USERNAME)
        client.force_login(user)

        response = client.post(
            "/cadmin/password-change/",
            {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG},
        )

        assert response.headers["Location"] == "/cadmin/password-change/done/"
        user.refresh_from_db()
        assert user.password.startswith("argon2$")
        assert user.check_password(STRONG)


class TestUpgradeFromPbkdf2:
    @pytest.fixture
    def old_user(self, real_hashers):
        user = UserFactory(username=USERNAME, is_staff=True)  # staff: admin's page too
        user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        user.save()
        return user

    @every_sign_in_page
    def test_signing_in_upgrades_an_old_hash_to_argon2(self, client, old_user, door):
        response = sign_in(client, door, USERNAME, PASSWORD)

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(old_user.pk)
        old_user.refresh_from_db()
        assert old_user.password.startswith("argon2$")
        assert old_user.check_password(PASSWORD)

    @every_sign_in_page
    def test_wrong_password_leaves_the_old_hash_alone(self, client, old_user, door):
        old_hash = old_user.password

        response = sign_in(client, door, USERNAME, "not-the-password")

        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        old_user.refresh_from_db()
        assert old_user.password == old_hash


class CountingArgon2Hasher(GatedArgon2PasswordHasher):
    """The site's Argon2 hasher, counting every password it hashes or checks."""

    computations = 0

    def encode(self, password, salt):
        CountingArgon2Hasher.computations += 1
        return super().encode(password, salt)

    def verify(self, password, encoded):
        CountingArgon2Hasher.computations += 1
        return super().verify(password, encoded)


class TestUnknownAccountsCostTheSameWork:
    @pytest.fixture
    def counting(self, settings):
        settings.PASSWORD_HASHERS = [f"{__name__}.CountingArgon2Hasher"]
        user = UserFactory(username=USERNAME, is_staff=True)
        assert user.password.startswith("argon2$")  # hashed by the counting hasher
        return user

    def computations_for(self, client, door, login, password) -> int:
        CountingArgon2Hasher.computations = 0
        response = sign_in(client, door, login, password)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        return CountingArgon2Hasher.computations

    @every_sign_in_page
    def test_unknown_username_email_and_wrong_password_each_hash_once(self, client, counting, door):
        work = {
            "unknown username": self.computations_for(client, door, "nobody", STRONG),
            "unknown e-mail": self.computations_for(client, door, "no@example.com", STRONG),
            "wrong password": self.computations_for(client, door, USERNAME, STRONG),
            "wrong password by e-mail": self.computations_for(
                client, door, f"{USERNAME}@example.com", STRONG
            ),
        }

        assert work == dict.fromkeys(work, 1)

    @every_sign_in_page
    def test_right_password_hashes_once_too(self, client, counting, door):
        CountingArgon2Hasher.computations = 0

        response = sign_in(client, door, USERNAME, PASSWORD)

        assert response.status_code == 302
        assert CountingArgon2Hasher.computations == 1


class TestValidatorsWhereverAPasswordIsSet:
    @pytest.fixture
    def user(self):
        return UserFactory(username=USERNAME)

    def assert_password_unchanged(self, user):
        user.refresh_from_db()
        assert user.check_password(PASSWORD)

    @WEAK_PASSWORDS
    def test_dashboard_password_change_refuses_a_weak_password(self, client, user, weak, message):
        client.force_login(user)

        response = client.post(
            "/cadmin/password-change/",
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )

        assert response.status_code == 200
        assert message in response.text
        self.assert_password_unchanged(user)

    def reset_form_url(self, client, user) -> str:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        response = client.get(f"/cadmin/password-reset/{uid}/{token}/")
        assert response.status_code == 302
        assert response.headers["Location"] == f"/cadmin/password-reset/{uid}/set-password/"
        return response.headers["Location"]

    @WEAK_PASSWORDS
    def test_password_reset_refuses_a_weak_password(self, client, user, weak, message):
        form_url = self.reset_form_url(client, user)

        response = client.post(form_url, {"new_password1": weak, "new_password2": weak})

        assert response.status_code == 200
        assert message in response.text
        self.assert_password_unchanged(user)

    def test_password_reset_accepts_a_strong_password(self, client, user):
        form_url = self.reset_form_url(client, user)

        response = client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})

        assert response.headers["Location"] == "/cadmin/password-reset/complete/"
        user.refresh_from_db()
        assert user.check_password(STRONG)

    @WEAK_PASSWORDS
    def test_admin_add_user_refuses_a_weak_password(self, client, superuser, weak, message):
        client.force_login(superuser)

        response = client.post(
            "/admin/accounts/user/add/",
            {"username": USERNAME, "usable_password": "true", "password1": weak, "password2": weak},
        )

        assert response.status_code == 200
        assert message in response.text
        assert not User.objects.filter(username=USERNAME).exists()

    def test_admin_add_user_accepts_a_strong_password(self, client, superuser):
        client.force_login(superuser)

        response = client.post(
            "/admin/accounts/user/add/",
            {
                "username": USERNAME,
                "usable_password": "true",
                "password1": STRONG,
                "password2": STRONG,
            },
        )

        assert response.status_code == 302
        assert User.objects.get(username=USERNAME).check_password(STRONG)

    @WEAK_PASSWORDS
    def test_admin_password_page_refuses_a_weak_password(
        self, client, superuser, user, weak, message
    ):
        client.force_login(superuser)

        response = client.post(
            f"/admin/accounts/user/{user.pk}/password/",
            {"usable_password": "true", "password1": weak, "password2": weak},
        )

        assert response.status_code == 200
        assert message in response.text
        self.assert_password_unchanged(user)

    def test_admin_password_page_accepts_a_strong_password(self, client, superuser, user):
        client.force_login(superuser)

        response = client.post(
            f"/admin/accounts/user/{user.pk}/password/",
            {"usable_password": "true", "password1": STRONG, "password2": STRONG},
        )

        assert response.headers["Location"] == f"/admin/accounts/user/{user.pk}/change/"
        user.refresh_from_db()
        assert user.check_password(STRONG)


# --- createsuperuser --noinput, in a fresh process with a throw-away database ----------------


def create_superuser(database: Path, password: str) -> subprocess.CompletedProcess:
    return manage(
        "createsuperuser",
        "--noinput",
        f"--username={USERNAME}",
        f"--email={USERNAME}@example.com",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SUPERUSER_PASSWORD=password,
    )


@WEAK_PASSWORDS
def test_createsuperuser_refuses_a_weak_password_and_creates_nobody(database, weak, message):
    result = create_superuser(database, weak)

    assert result.returncode != 0
    assert "DJANGO_SUPERUSER_PASSWORD" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert usernames_in(database) == []


def test_createsuperuser_accepts_a_strong_password(database):
    result = create_superuser(database, STRONG)

    assert result.returncode == 0, result.stderr
    assert "Superuser created successfully." in result.stdout
    assert usernames_in(database) == [USERNAME]
