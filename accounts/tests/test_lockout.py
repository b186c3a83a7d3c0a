"""Brute-force lockout (django-axes) on every sign-in page: /login/, /cadmin/login/, /admin/login/.

The pair (username, IP) locks after 5 failures, the IP alone after 30, each for 15 minutes.
"""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.doors import every_sign_in_page
from tests.factories import PASSWORD, UserFactory
from tests.lockout import (
    ELSEWHERE,
    PAUSED,
    assert_paused,
    error_section,
    fail,
    is_signed_in,
    sign_in,
    wrong_message,
)
from tests.processes import production, python

pytestmark = pytest.mark.django_db


def let_time_pass(minutes):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


@pytest.fixture
def alice(db):
    # Staff, so that the Django admin door lets her in too.
    return UserFactory(username="alice", is_staff=True)


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", is_staff=True)


@every_sign_in_page
class TestPairLockout:
    def test_four_wrong_passwords_still_show_the_form_with_the_message(self, client, alice, door):
        for response in fail(client, door, "alice", times=4):
            assert response.status_code == 200
            assert wrong_message(door) in response.text
            assert PAUSED not in response.text

    def test_the_fifth_wrong_password_pauses_sign_in_for_15_minutes(self, client, alice, door):
        fail(client, door, "alice", times=4)

        response = sign_in(client, door, "alice", "not-the-password")

        assert_paused(response)
        assert wrong_message(door) not in response.text

    def test_the_right_password_during_lockout_gets_the_same_page_and_no_session(
        self, client, alice, door
    ):
        *_, fifth_wrong = fail(client, door, "alice", times=5)

        right = sign_in(client, door, "alice", PASSWORD)

        assert_paused(right)
        assert error_section(right) == error_section(fifth_wrong)
        assert not is_signed_in(client)

    def test_the_user_still_signs_in_from_another_address(self, client, alice, door):
        attacker = Client()
        fail(attacker, door, "alice", times=5, REMOTE_ADDR=ELSEWHERE)
        assert_paused(sign_in(attacker, door, "alice", REMOTE_ADDR=ELSEWHERE))

        response = sign_in(client, door, "alice")

        assert response.status_code == 302
        assert is_signed_in(client)

    def test_another_user_still_signs_in_from_the_locked_address(self, client, alice, bob, door):
        fail(client, door, "alice", times=5)

        response = sign_in(client, door, "bob")

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(bob.pk)

    def test_the_user_signs_in_again_after_the_cool_off(self, client, alice, door):
        fail(client, door, "alice", times=5)
        let_time_pass(16)

        response = sign_in(client, door, "alice")

        assert response.status_code == 302
        assert is_signed_in(client)

    def test_attempts_refused_during_lockout_do_not_extend_it(self, client, alice, door):
        fail(client, door, "alice", times=5)
        let_time_pass(10)

        refused = [*fail(client, door, "alice", times=3), sign_in(client, door, "alice")]
        for response in refused:
            assert_paused(response, minutes=5)
        let_time_pass(6)

        response = sign_in(client, door, "alice")
        assert response.status_code == 302
        assert is_signed_in(client)

    def test_a_successful_sign_in_resets_the_pairs_count(self, client, alice, door):
        fail(client, door, "alice", times=4)
        assert sign_in(client, door, "alice").status_code == 302
        client.logout()

        for response in fail(client, door, "alice", times=4):
            assert response.status_code == 200
            assert wrong_message(door) in response.text
        assert_paused(sign_in(client, door, "alice", "not-the-password"))

    def test_the_user_failure_limit_comes_from_settings(self, client, alice, settings, door):
        settings.TGDB_LOCKOUT_USER_FAILURES = 2

        first, second = fail(client, door, "alice", times=2)

        assert first.status_code == 200
        assert_paused(second)

    def test_with_axes_disabled_nothing_locks(self, client, alice, settings, door):
        settings.AXES_ENABLED = False  # what TGDB_LOCKOUT_ENABLED=0 sets
        for response in fail(client, door, "alice", times=20):
            assert response.status_code == 200

        response = sign_in(client, door, "alice")

        assert response.status_code == 302
        assert is_signed_in(client)


@every_sign_in_page
class TestAddressLockout:
    def test_thirty_failures_across_many_usernames_lock_the_address_for_everyone(
        self, client, door
    ):
        fresh = UserFactory(username="fresh", is_staff=True)
        responses = [r for n in range(10) for r in fail(client, door, f"guess{n}", times=3)]

        assert [r.status_code for r in responses[:29]] == [200] * 29
        assert_paused(responses[29])
        assert_paused(sign_in(client, door, fresh.username))
        assert not is_signed_in(client)

        elsewhere = Client()
        response = sign_in(elsewhere, door, fresh.username, REMOTE_ADDR=ELSEWHERE)
        assert response.status_code == 302
        assert is_signed_in(elsewhere)

    def test_a_successful_sign_in_keeps_the_addresss_other_failures(
        self, client, alice, settings, door
    ):
        settings.TGDB_LOCKOUT_IP_FAILURES = 10
        for n in range(3):
            for response in fail(client, door, f"guess{n}", times=3):
                assert response.status_code == 200
        assert sign_in(client, door, "alice").status_code == 302
        client.logout()

        assert_paused(sign_in(client, door, "someone-else", "not-the-password"))


@every_sign_in_page
class TestManagementCommands:
    def test_axes_list_attempts_lists_the_locked_pair(self, client, alice, door):
        fail(client, door, "alice", times=5)
        out = StringIO()

        call_command("axes_list_attempts", stdout=out)

        assert out.getvalue().splitlines() == ["127.0.0.1\talice\t5"]

    @pytest.mark.parametrize(
        "command",
        [["axes_reset_username", "alice"], ["axes_reset_ip", "127.0.0.1"], ["axes_reset"]],
        ids=lambda command: command[0],
    )
    def test_reset_commands_let_the_user_sign_in_again(self, client, alice, door, command):
        fail(client, door, "alice", times=5)
        out = StringIO()

        call_command(*command, stdout=out)

        assert out.getvalue().strip() == "1 attempts removed."
        assert not AccessAttempt.objects.exists()
        assert sign_in(client, door, "alice").status_code == 302
        assert is_signed_in(client)


START = "import django; django.setup(); print('started')"


def test_turning_lockout_off_in_production_refuses_to_start():
    result = python(START, **production(TGDB_LOCKOUT_ENABLED="0"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "TGDB_LOCKOUT_ENABLED" in result.stderr
    assert "started" not in result.stdout


def test_production_with_lockout_on_starts():
    result = python(START, **production(TGDB_LOCKOUT_ENABLED="1"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_lockout_can_be_turned_off_in_development():
    result = python(START, TGDB_LOCKOUT_ENABLED="0", DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


# A sign-in's own work beside the password hash: the lockout check (the pair and the address,
# and the username's failures from unknown browsers), the account's second factors, the session,
# the audit trail, the browser among the account's devices and the session's row in the list of
# where the account is signed in. A known browser's is in throttle/tests/test_known_browsers.py.
SIGN_IN_QUERY_BUDGET = 19


@every_sign_in_page
def test_a_first_try_sign_in_stays_within_its_query_budget(client, door):
    UserFactory(username="alice", is_staff=True)

    with CaptureQueriesContext(connection) as context:
        response = sign_in(client, door, "alice")

    assert response.status_code == 302
    assert len(context.captured_queries) <= SIGN_IN_QUERY_BUDGET
    # Nothing to clear for the pair: no lookup of its attempts beyond the one count.
    attempts = [query for query in context.captured_queries if "axes_accessattempt" in query["sql"]]
    assert len(attempts) == 2  # the count, and axes' sweep of expired attempts
