"""A password hash upgraded at sign-in (new Argon2 parameters, the same password) keeps the
account signed in everywhere else; a real password change still signs the others out."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from tests.clients import signed_in_as
from tests.doors import every_door
from tests.factories import PASSWORD, UserFactory
from throttle.hashers import GatedArgon2PasswordHasher

pytestmark = pytest.mark.django_db


class OldArgon2Hasher(Argon2PasswordHasher):
    """Argon2 with parameters the site no longer uses (cheap ones, for speed)."""

    time_cost = 1
    memory_cost = 16
    parallelism = 2


class CurrentArgon2Hasher(GatedArgon2PasswordHasher):
    """The site's hasher with other cheap parameters, so that the old hash must be upgraded."""

    time_cost = 1
    memory_cost = 32
    parallelism = 1


@pytest.fixture
def alice(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CurrentArgon2Hasher"]
    user = UserFactory(username="alice")
    old = OldArgon2Hasher()
    user.password = old.encode(PASSWORD, old.salt())
    user.save()
    return user


def sign_in(client: Client, door, password: str = PASSWORD):
    return client.post(door.login_url, {"username": "alice", "password": password})


def is_upgraded(user) -> bool:
    user.refresh_from_db()
    return CurrentArgon2Hasher().decode(user.password)["memory_cost"] == 32


@every_door
def test_signing_in_upgrades_the_hash_and_keeps_the_other_browsers_signed_in(alice, door):
    phone = Client()
    phone.force_login(alice)  # signed in under the old hash

    assert sign_in(Client(), door).status_code == 302

    assert is_upgraded(alice)
    assert phone.get("/cadmin/").status_code == 200
    assert signed_in_as(phone) == str(alice.pk)


def test_confirming_it_is_you_upgrades_the_hash_and_keeps_this_session(alice):
    phone = Client()
    phone.force_login(alice)

    response = phone.post("/cadmin/confirm/", {"password": PASSWORD, "next": "/cadmin/"})

    assert response.headers["Location"] == "/cadmin/"
    assert is_upgraded(alice)
    assert phone.get("/cadmin/").status_code == 200


def test_a_password_change_still_signs_the_other_browsers_out(alice):
    phone = Client()
    phone.force_login(alice)
    alice.set_password("a-brand-new-passphrase")
    alice.save()

    assert phone.get("/cadmin/").status_code == 302
    assert signed_in_as(phone) is None
