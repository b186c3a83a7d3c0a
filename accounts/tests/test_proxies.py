"""Which address is counted for lockouts and the audit trail, and when X-Forwarded-* is believed.

REMOTE_ADDR unless TGDB_TRUSTED_PROXIES = N says to read the N-th X-Forwarded-For entry from the
right; a client's own forged entries never count.
"""

import pytest
from django.test import Client, RequestFactory

from accounts.client_ip import client_ip
from accounts.models import AccountEvent
from tests.doors import every_sign_in_page
from tests.factories import PASSWORD, UserFactory
from tests.processes import printed_json, production, python

PROXY = "10.0.0.1"
INNER_PROXY = "10.0.0.2"
CLIENT = "198.51.100.9"
NEIGHBOUR = "198.51.100.10"
DIRECT = "203.0.113.7"


def sign_in(client, door, password=PASSWORD, **extra):
    return client.post(door.login_url, {"username": "alice", "password": password}, **extra)


def fail(client, door, **extra):
    return sign_in(client, door, "not-the-password", **extra)


def addresses_recorded(kind=AccountEvent.Kind.SIGN_IN_FAILED) -> set:
    return set(AccountEvent.objects.filter(kind=kind).values_list("ip_address", flat=True))


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", is_staff=True)  # staff: the admin door too


@pytest.mark.django_db
@every_sign_in_page
class TestWithoutTrustedProxies:
    def test_a_forged_forwarded_for_does_not_escape_the_lockout(self, client, alice, door):
        responses = [
            fail(client, door, REMOTE_ADDR=DIRECT, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
            for n in range(1, 6)
        ]

        assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
        refused = sign_in(client, door, REMOTE_ADDR=DIRECT, HTTP_X_FORWARDED_FOR="192.0.2.99")
        assert refused.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_the_audit_trail_records_remote_addr_not_the_forged_header(self, client, alice, door):
        fail(client, door, REMOTE_ADDR=DIRECT, HTTP_X_FORWARDED_FOR="192.0.2.1")

        assert addresses_recorded() == {DIRECT}


@pytest.mark.django_db
@every_sign_in_page
class TestBehindOneProxy:
    @pytest.fixture(autouse=True)
    def one_proxy(self, settings):
        settings.TGDB_TRUSTED_PROXIES = 1

    def test_two_clients_behind_the_proxy_are_counted_apart(self, alice, door):
        locked, neighbour = Client(), Client()
        for _ in range(5):
            last = fail(locked, door, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
        assert last.status_code == 429

        response = sign_in(neighbour, door, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=NEIGHBOUR)

        assert response.status_code == 302
        assert "_auth_user_id" in neighbour.session
        assert addresses_recorded() == {CLIENT}
        assert addresses_recorded(AccountEvent.Kind.SIGNED_IN) == {NEIGHBOUR}

    def test_a_forged_entry_in_front_does_not_change_the_address(self, client, alice, door):
        responses = [
            fail(client, door, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, {CLIENT}")
            for n in range(1, 6)
        ]

        assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
        assert addresses_recorded() == {CLIENT}
        refused = sign_in(client, door, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
        assert refused.status_code == 429

    def test_a_garbage_header_counts_as_the_proxys_address(self, client, alice, door):
        fail(client, door, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-ip")

        assert addresses_recorded() == {PROXY}


@pytest.mark.django_db
@every_sign_in_page
class TestBehindTwoProxies:
    @pytest.fixture(autouse=True)
    def two_proxies(self, settings):
        settings.TGDB_TRUSTED_PROXIES = 2

    def test_the_client_is_the_second_entry_from_the_right(self, client, alice, door):
        responses = [
            fail(
                client,
                door,
                REMOTE_ADDR=INNER_PROXY,
                HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, {CLIENT}, {PROXY}",
            )
            for n in range(1, 6)
        ]

        assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
        assert addresses_recorded() == {CLIENT}

    def test_fewer_entries_than_proxies_count_as_remote_addr(self, client, alice, door):
        fail(client, door, REMOTE_ADDR=INNER_PROXY, HTTP_X_FORWARDED_FOR=CLIENT)

        assert addresses_recorded() == {INNER_PROXY}


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "expected"),
    [
        (0, DIRECT, None, DIRECT),
        (0, DIRECT, "192.0.2.1", DIRECT),
        (0, DIRECT, f"192.0.2.1, {CLIENT}", DIRECT),
        (1, PROXY, CLIENT, CLIENT),
        (1, PROXY, f"1.2.3.4, {CLIENT}", CLIENT),
        (1, PROXY, f"1.2.3.4,{CLIENT}", CLIENT),
        (1, PROXY, "2001:db8::9", "2001:db8::9"),
        (1, PROXY, None, PROXY),
        (1, PROXY, "", PROXY),
        (1, PROXY, "not-an-ip", PROXY),
        (1, PROXY, f"{CLIENT}, not-an-ip", PROXY),
        (2, INNER_PROXY, f"{CLIENT}, {PROXY}", CLIENT),
        (2, INNER_PROXY, f"1.2.3.4, {CLIENT}, {PROXY}", CLIENT),
        (2, INNER_PROXY, CLIENT, INNER_PROXY),
        (2, INNER_PROXY, f"not-an-ip, {PROXY}", INNER_PROXY),
    ],
)
def test_client_ip(settings, proxies, remote_addr, forwarded_for, expected):
    settings.TGDB_TRUSTED_PROXIES = proxies
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    request = RequestFactory().get("/login/", REMOTE_ADDR=remote_addr, **headers)

    assert client_ip(request) == expected


# X-Forwarded-Proto: SECURE_PROXY_SSL_HEADER is decided at settings import, so a fresh process.
REQUEST_LOGIN_PAGE = """
import json
import django
django.setup()
from django.test import Client
results = {}
for name, headers in (("plain", {}), ("forwarded_https", {"HTTP_X_FORWARDED_PROTO": "https"})):
    response = Client().get("/login/", **headers)
    results[name] = [response.status_code, response.headers.get("Location")]
print(json.dumps(results))
"""


def login_page_in_production(trusted_proxies: str, tmp_path) -> dict:
    result = python(
        REQUEST_LOGIN_PAGE,
        **production(tmp_path / "db.sqlite3", TGDB_TRUSTED_PROXIES=trusted_proxies),
    )
    assert result.returncode == 0, result.stderr
    return printed_json(result)


def test_without_trusted_proxies_forwarded_proto_is_ignored(tmp_path):
    results = login_page_in_production("0", tmp_path)

    assert results == {
        "plain": [301, "https://testserver/login/"],
        "forwarded_https": [301, "https://testserver/login/"],
    }


def test_behind_a_trusted_proxy_forwarded_proto_https_counts_as_secure(tmp_path):
    results = login_page_in_production("1", tmp_path)

    assert results == {
        "plain": [301, "https://testserver/login/"],
        "forwarded_https": [200, None],
    }
