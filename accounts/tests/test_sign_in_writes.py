"""A sign-in's records (the new session, last_login, the audit event, the lockout bookkeeping)
are written in one transaction: all of them or none, and one commit instead of one each."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import AccountEvent
from tests.doors import every_door
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@every_door
def test_a_sign_in_commits_its_records_once_and_the_session_once(door):
    user = UserFactory(username="alice")
    client = Client()

    with CaptureQueriesContext(connection) as context:
        response = client.post(door.login_url, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302
    commits = [query for query in context.captured_queries if query["sql"] == "COMMIT"]
    assert len(commits) == 2  # the sign-in's records, then the session's final state
    user.refresh_from_db()
    assert user.last_login is not None
    assert AccountEvent.objects.filter(user=user, kind="signed_in").exists()
    assert client.get(door.landing).status_code == 200
