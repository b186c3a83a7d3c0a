"""/cadmin/profile/: the display name and bio are saved at once, and the name is the byline."""

import pytest
from django.test import Client

from accounts.models import BIO_MAX_LENGTH
from tests.factories import PostFactory
from tests.queries import queries_to_get

pytestmark = pytest.mark.django_db

PROFILE = "/cadmin/profile/"


def profile_form(user, **changes) -> dict:
    return {"display_name": user.display_name, "bio": user.bio, "email": user.email, **changes}


class TestProfilePage:
    def test_the_page_shows_the_saved_profile(self, author, author_client):
        author.display_name, author.bio = "Alice Liddell", "Curiouser and curiouser."
        author.save()

        page = author_client.get(PROFILE)

        assert page.status_code == 200
        assert 'value="Alice Liddell"' in page.text
        assert "Curiouser and curiouser.</textarea>" in page.text
        assert 'value="alice@example.com"' in page.text

    def test_signed_out_visitors_are_sent_to_sign_in(self, db):
        response = Client().get(PROFILE)

        assert response.headers["Location"] == f"/cadmin/login/?next={PROFILE}"

    def test_the_dashboard_links_to_it(self, author_client):
        assert f'href="{PROFILE}"' in author_client.get("/cadmin/").text

    def test_the_old_email_change_address_leads_here(self, author_client):
        response = author_client.get("/cadmin/email-change/")

        assert response.status_code == 301
        assert response.headers["Location"] == PROFILE


class TestSavingTheProfile:
    def test_name_and_bio_are_saved_at_once(self, author, author_client):
        response = author_client.post(
            PROFILE, profile_form(author, display_name="Alice Liddell", bio="Down the hole.")
        )

        assert response.headers["Location"] == PROFILE
        author.refresh_from_db()
        assert (author.display_name, author.bio) == ("Alice Liddell", "Down the hole.")
        page = author_client.get(PROFILE)
        assert "Your profile was saved." in page.text

    def test_a_name_can_be_cleared_again(self, author, author_client):
        author.display_name = "Alice Liddell"
        author.save()

        author_client.post(PROFILE, profile_form(author, display_name=""))

        author.refresh_from_db()
        assert author.display_name == ""

    def test_saving_sends_no_email(self, author, author_client, mailoutbox):
        author_client.post(PROFILE, profile_form(author, display_name="Alice Liddell"))

        assert mailoutbox == []

    def test_a_bio_too_long_is_refused_and_nothing_is_saved(self, author, author_client):
        response = author_client.post(
            PROFILE,
            profile_form(author, display_name="Alice Liddell", bio="x" * (BIO_MAX_LENGTH + 1)),
        )

        assert response.status_code == 200
        assert f"Ensure this value has at most {BIO_MAX_LENGTH} characters" in response.text
        author.refresh_from_db()
        assert (author.display_name, author.bio) == ("", "")

    def test_a_name_too_long_is_refused(self, author, author_client):
        response = author_client.post(PROFILE, profile_form(author, display_name="A" * 101))

        assert response.status_code == 200
        assert 'class="errorlist' in response.text
        author.refresh_from_db()
        assert author.display_name == ""

    def test_the_email_field_is_required(self, author, author_client):
        response = author_client.post(PROFILE, profile_form(author, email=""))

        assert response.status_code == 200
        assert "This field is required." in response.text
        author.refresh_from_db()
        assert author.email == "alice@example.com"


def byline(name: str) -> str:
    """The byline as readers see it: the name, linking to the author's page."""
    return f'by <a href="/author/alice/">{name}</a>'


class TestByline:
    @pytest.fixture
    def post(self, author, settings):
        settings.TGDB_PAGE_CACHE_SECONDS = 300
        return PostFactory(title="Through the looking glass", author=author)

    def reader_pages(self, post) -> list[str]:
        return ["/", post.get_absolute_url()]

    def test_readers_see_the_username_while_no_name_is_set(self, client, post):
        for url in self.reader_pages(post):
            assert byline("alice") in client.get(url).text, url

    def test_a_name_set_on_the_profile_is_the_byline_even_on_cached_pages(
        self, client, author, author_client, post
    ):
        for url in self.reader_pages(post):
            client.get(url)
            assert queries_to_get(client, url) == 0, url  # served from the page cache

        author_client.post(PROFILE, profile_form(author, display_name="Alice Liddell"))

        for url in self.reader_pages(post):
            page = client.get(url).text
            assert byline("Alice Liddell") in page, url
            assert byline("alice") not in page, url

    def test_clearing_the_name_brings_the_username_back(self, client, author, author_client, post):
        author_client.post(PROFILE, profile_form(author, display_name="Alice Liddell"))
        for url in self.reader_pages(post):
            client.get(url)

        author_client.post(PROFILE, profile_form(author, display_name=""))

        for url in self.reader_pages(post):
            assert byline("alice") in client.get(url).text, url
