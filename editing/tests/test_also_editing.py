"""Who else has a post open in the editor: shown at load, kept up to date by a ping."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editing.models import EditingPresence
from tests.clients import signed_in
from tests.factories import UserFactory

from .conftest import editing_url, editor_url

pytestmark = pytest.mark.django_db

NOON = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def root_client(superuser):
    return signed_in(superuser)


def ping(client, post):
    return client.post(editing_url(post))


class TestPing:
    def test_alone_nobody_else_is_editing(self, author_client, post):
        response = ping(author_client, post)

        assert response.status_code == 200
        assert response.json() == {"others": [], "notice": ""}

    def test_names_the_others_who_have_the_post_open(self, author_client, root_client, post):
        ping(root_client, post)

        answer = ping(author_client, post).json()

        assert answer == {"others": ["root"], "notice": "root is also editing this post."}

    def test_uses_the_full_name_when_there_is_one(self, author_client, post, author):
        bob = UserFactory(username="bobby", first_name="Bob", last_name="Jones", is_superuser=True)
        ping(signed_in(bob), post)

        assert ping(author_client, post).json()["notice"] == "Bob Jones is also editing this post."

    def test_names_several_others_in_one_sentence(self, author_client, post):
        for name in ["carol", "dan", "erin"]:
            ping(signed_in(UserFactory(username=name, is_superuser=True)), post)

        notice = ping(author_client, post).json()["notice"]

        assert notice == "carol, dan and erin are also editing this post."

    def test_someone_not_heard_from_for_two_and_a_half_intervals_is_gone(
        self, author_client, root_client, post, settings
    ):
        settings.TGDB_EDITING_PING_SECONDS = 20
        with time_machine.travel(NOON, tick=False):
            ping(root_client, post)
        with time_machine.travel(NOON + timedelta(seconds=49), tick=False):
            assert ping(author_client, post).json()["others"] == ["root"]
        with time_machine.travel(NOON + timedelta(seconds=51), tick=False):
            assert ping(author_client, post).json()["others"] == []

    def test_one_row_per_person_and_post_however_often_they_ping(self, author_client, post):
        for _ in range(3):
            ping(author_client, post)

        assert EditingPresence.objects.count() == 1

    def test_the_number_of_queries_does_not_grow_with_the_people_editing(
        self, author_client, post, django_assert_max_num_queries
    ):
        def queries_of_a_ping() -> int:
            with CaptureQueriesContext(connection) as context:
                answer = ping(author_client, post)
            assert answer.status_code == 200
            return len(context.captured_queries)

        ping(author_client, post)
        alone = queries_of_a_ping()
        for name in ["carol", "dan", "erin", "frank"]:
            ping(signed_in(UserFactory(username=name, is_superuser=True)), post)

        # session (unless a session cache answers), user, the role's permissions (two, before
        # the cache keeps them), post, upsert, the others
        with django_assert_max_num_queries(7):
            assert len(ping(author_client, post).json()["others"]) == 4
        assert queries_of_a_ping() == alone


class TestPingRefused:
    def test_another_authors_post_is_a_404_and_leaves_no_trace(self, other_author, post):
        response = ping(signed_in(other_author), post)

        assert response.status_code == 404
        assert response.json()["error"] == "There is no such post that you may edit."
        assert not EditingPresence.objects.exists()

    def test_signed_out_is_a_403_in_json(self, client, post):
        response = ping(client, post)

        assert response.status_code == 403
        assert "error" in response.json()
        assert not EditingPresence.objects.exists()

    def test_a_get_is_not_allowed(self, author_client, post):
        assert author_client.get(editing_url(post)).status_code == 405


class TestEditorPage:
    def test_the_page_names_the_others_at_load(self, author_client, root_client, post):
        ping(root_client, post)

        response = author_client.get(editor_url(post))

        assert "root is also editing this post." in response.text

    def test_opening_the_editor_counts_as_editing(self, author_client, root_client, post):
        author_client.get(editor_url(post))

        assert "alice is also editing this post." in root_client.get(editor_url(post)).text

    def test_the_page_passes_the_ping_url_and_interval_to_its_script(
        self, author_client, post, settings
    ):
        settings.TGDB_EDITING_PING_SECONDS = 1

        response = author_client.get(editor_url(post))

        assert f'data-ping-url="{editing_url(post)}"' in response.text
        assert 'data-ping-seconds="1"' in response.text

    def test_alone_the_notice_is_hidden(self, author_client, post):
        response = author_client.get(editor_url(post))

        assert 'data-also-editing role="status" hidden' in response.text
