"""What may be kept: no more than the form accepts, 20 per browser, 100 per address."""

import pytest
from django.test import Client

from keptforms.browser import COOKIE_NAME
from keptforms.models import KeptForm
from tests.factories import PostFactory

from .browsing import end_session, filled_in, kept_token

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

BODY_LIMIT = 100_000  # Post.body max_length


@pytest.fixture
def post(author):
    return PostFactory(title="Original title", body="Original body.", author=author)


@pytest.fixture
def signed_out_form(csrf_client, author, post) -> dict[str, list[str]]:
    """A browser whose session ended with the post's edit page open, and that page's fields."""
    csrf_client.force_login(author)
    data = filled_in(csrf_client, f"/cadmin/post/update/{post.pk}/", "title")
    end_session(csrf_client)
    return data


def send(client: Client, post, data, **extra):
    return client.post(f"/cadmin/post/update/{post.pk}/", data, **extra)


class TestSize:
    def test_a_body_as_long_as_the_form_allows_is_kept(self, csrf_client, post, signed_out_form):
        # Browsers count each line break as one character and send it as two.
        body = ("x" * 99 + "\r\n") * (BODY_LIMIT // 100)

        response = send(csrf_client, post, {**signed_out_form, "body": body})

        assert response.status_code == 302
        assert KeptForm.objects.get().data["body"] == [body]

    def test_a_body_longer_than_the_form_could_accept_is_refused(
        self, csrf_client, post, signed_out_form
    ):
        response = send(csrf_client, post, {**signed_out_form, "body": "x" * (BODY_LIMIT + 1)})

        assert response.status_code == 413
        assert "Your changes could not be kept" in response.text
        assert "larger than this form could ever accept" in response.text
        assert not KeptForm.objects.exists()
        assert COOKIE_NAME not in response.cookies
        post.refresh_from_db()
        assert post.body == "Original body."

    def test_a_flood_of_names_the_form_does_not_have_is_refused(
        self, csrf_client, post, signed_out_form
    ):
        flood = {f"extra{n}": "y" * 100 for n in range(200)}

        response = send(csrf_client, post, {**signed_out_form, **flood})

        assert response.status_code == 413
        assert not KeptForm.objects.exists()


class TestPerBrowser:
    def test_the_twenty_first_drops_that_browsers_oldest(self, csrf_client, post, signed_out_form):
        tokens = [
            kept_token(send(csrf_client, post, {**signed_out_form, "body": f"Try {n}"})["Location"])
            for n in range(21)
        ]

        assert KeptForm.objects.count() == 20
        kept_bodies = {kept.data["body"][0] for kept in KeptForm.objects.all()}
        assert kept_bodies == {f"Try {n}" for n in range(1, 21)}
        assert len(set(tokens)) == 21

    def test_another_browser_on_the_same_address_is_not_evicted(
        self, csrf_client, author, post, signed_out_form
    ):
        neighbour = Client()
        neighbour.force_login(author)
        data = filled_in(neighbour, f"/cadmin/post/update/{post.pk}/", "title", body="Mine")
        end_session(neighbour)
        send(neighbour, post, data)

        for n in range(21):
            send(csrf_client, post, {**signed_out_form, "body": f"Try {n}"})

        assert KeptForm.objects.filter(data__body=["Mine"]).exists()


class TestPerAddress:
    @staticmethod
    def kept_from(ip: str, count: int) -> None:
        KeptForm.objects.bulk_create(
            KeptForm(
                token_hash=f"{ip}-token-{n}",
                browser_hash=f"{ip}-browser-{n}",
                ip=ip,
                path="/cadmin/post/add/",
                data={"body": ["someone else's text"]},
                expires_at="2999-01-01T00:00Z",
            )
            for n in range(count)
        )

    def test_the_hundred_and_first_is_refused_and_nobody_loses_theirs(
        self, csrf_client, post, signed_out_form
    ):
        self.kept_from("127.0.0.1", 99)

        hundredth = send(csrf_client, post, {**signed_out_form, "body": "The 100th"})
        refused = send(csrf_client, post, {**signed_out_form, "body": "The 101st"})

        assert hundredth.status_code == 302
        assert refused.status_code == 429
        assert "Your changes could not be kept" in refused.text
        assert "100 forms sent from your network address" in refused.text
        assert KeptForm.objects.count() == 100
        assert KeptForm.objects.filter(data__body=["The 100th"]).exists()
        assert not KeptForm.objects.filter(data__body=["The 101st"]).exists()

    def test_a_browser_at_its_own_limit_still_swaps_its_oldest(
        self, csrf_client, post, signed_out_form
    ):
        self.kept_from("127.0.0.1", 80)
        for n in range(20):
            send(csrf_client, post, {**signed_out_form, "body": f"Try {n}"})

        swapped = send(csrf_client, post, {**signed_out_form, "body": "Try 20"})

        assert swapped.status_code == 302
        assert KeptForm.objects.count() == 100

    def test_another_address_is_not_held_back(self, csrf_client, post, signed_out_form):
        self.kept_from("127.0.0.1", 100)

        response = send(csrf_client, post, signed_out_form, REMOTE_ADDR="10.0.0.7")

        assert response.status_code == 302
        assert KeptForm.objects.filter(ip="10.0.0.7").count() == 1

    def test_the_address_is_the_client_behind_a_trusted_proxy(
        self, settings, csrf_client, post, signed_out_form
    ):
        settings.TGDB_TRUSTED_PROXIES = 1

        send(csrf_client, post, signed_out_form, HTTP_X_FORWARDED_FOR="203.0.113.9")

        assert KeptForm.objects.get().ip == "203.0.113.9"
