"""Managing people: the people page, changing a role, deactivating and reactivating."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountEvent
from blog.models import Post
from team import roles
from team.roles import Role
from tests.clients import signed_in
from tests.doors import BLOG, CADMIN
from tests.factories import PASSWORD, PostFactory, UserFactory
from tests.queries import queries_to_get
from usersessions.models import UserSession

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

PEOPLE = "/cadmin/people/"


def role_url(person) -> str:
    return f"/cadmin/people/{person.pk}/role/"


def deactivate_url(person) -> str:
    return f"/cadmin/people/{person.pk}/deactivate/"


def reactivate_url(person) -> str:
    return f"/cadmin/people/{person.pk}/reactivate/"


def fresh(person):
    return get_user_model().objects.get(pk=person.pk)


@pytest.fixture
def admin_client(administrator) -> Client:
    return signed_in(administrator)


class TestPeoplePage:
    def test_administrators_see_everyone_with_role_sign_in_second_factor_and_state(
        self, admin_client, author, contributor
    ):
        contributor.is_active = False
        contributor.save()

        page = admin_client.get(PEOPLE)

        assert page.status_code == 200
        assert "alice" in page.text and "connie" in page.text
        assert '<option value="Author" selected>Author</option>' in page.text
        assert '<option value="Contributor" selected>Contributor</option>' in page.text
        assert "Deactivated" in page.text and "Active" in page.text
        assert ">None</td>" in page.text  # no second factor
        assert 'action="/cadmin/people/invite/"' in page.text

    @pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.AUTHOR, Role.EDITOR])
    def test_anyone_but_an_administrator_is_refused(self, role):
        assert signed_in(UserFactory(role=role)).get(PEOPLE).status_code == 403

    def test_a_superuser_is_an_administrator_here(self, superuser):
        assert signed_in(superuser).get(PEOPLE).status_code == 200

    def test_signed_out_visitors_are_sent_to_sign_in(self, client):
        assert client.get(PEOPLE).headers["Location"] == f"/cadmin/login/?next={PEOPLE}"

    def test_the_page_costs_the_same_queries_for_5_and_40_people(self, admin_client):
        UserFactory.create_batch(4)
        with_5 = queries_to_get(admin_client, PEOPLE)
        UserFactory.create_batch(35, role=Role.EDITOR)

        assert queries_to_get(admin_client, PEOPLE) == with_5


class TestChangingARole:
    def test_an_administrator_changes_a_role_and_it_is_audited(self, admin_client, author):
        response = admin_client.post(role_url(author), {"role": "Editor"})

        assert response.status_code == 302
        assert response.headers["Location"] == PEOPLE
        assert roles.role_of(fresh(author)) == Role.EDITOR
        event = AccountEvent.objects.get(kind="role_changed")
        assert (event.user, event.detail) == (author, "Author → Editor, by ada")
        assert "alice is now an Editor." in admin_client.get(PEOPLE).text

    def test_the_new_role_applies_to_the_persons_next_request(self, admin_client, author):
        alice = signed_in(author)
        assert alice.get("/cadmin/categories/").status_code == 403

        admin_client.post(role_url(author), {"role": "Editor"})

        assert alice.get("/cadmin/categories/").status_code == 200

    def test_a_role_that_needs_a_second_factor_sends_their_sessions_to_set_one_up(
        self, settings, admin_client, administrator, author
    ):
        settings.TGDB_REQUIRE_2FA = "staff"  # editors and administrators
        TOTPDevice.objects.create(user=administrator, name="Authenticator app", confirmed=True)
        alice = signed_in(author)
        assert alice.get("/cadmin/").status_code == 200

        admin_client.post(role_url(author), {"role": "Editor"})

        assert alice.get("/cadmin/").headers["Location"] == "/cadmin/security/"

    @pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.AUTHOR, Role.EDITOR])
    def test_nobody_else_can_change_a_role(self, role, author):
        response = signed_in(UserFactory(role=role)).post(
            role_url(author), {"role": "Administrator"}
        )

        assert response.status_code == 403
        assert roles.role_of(fresh(author)) == Role.AUTHOR
        assert not AccountEvent.objects.filter(kind="role_changed").exists()

    def test_nobody_can_make_themselves_an_administrator(self, editor):
        response = signed_in(editor).post(role_url(editor), {"role": "Administrator"})

        assert response.status_code == 403
        assert roles.role_of(fresh(editor)) == Role.EDITOR

    def test_an_unknown_role_is_a_clear_400(self, admin_client, author):
        response = admin_client.post(role_url(author), {"role": "Owner"})

        assert response.status_code == 400
        assert "Select a valid choice." in response.text
        assert roles.role_of(fresh(author)) == Role.AUTHOR

    def test_an_unknown_person_is_a_404(self, admin_client):
        assert (
            admin_client.post("/cadmin/people/999999/role/", {"role": "Editor"}).status_code == 404
        )

    def test_the_last_administrator_cannot_be_demoted(self, admin_client, administrator):
        response = admin_client.post(role_url(administrator), {"role": "Editor"})

        assert response.status_code == 400
        assert "ada is the last administrator." in response.text
        assert roles.role_of(fresh(administrator)) == Role.ADMINISTRATOR
        assert not AccountEvent.objects.filter(kind="role_changed").exists()

    def test_an_administrator_can_be_demoted_while_another_remains(
        self, admin_client, administrator
    ):
        UserFactory(username="bea", role=Role.ADMINISTRATOR)

        response = admin_client.post(role_url(administrator), {"role": "Editor"})

        assert response.status_code == 302
        assert roles.role_of(fresh(administrator)) == Role.EDITOR
        assert admin_client.get(PEOPLE).status_code == 403  # at once: ada is an editor now

    def test_a_deactivated_administrator_does_not_count_as_one_left(
        self, admin_client, administrator
    ):
        UserFactory(username="bea", role=Role.ADMINISTRATOR, is_active=False)

        response = admin_client.post(role_url(administrator), {"role": "Editor"})

        assert response.status_code == 400
        assert roles.role_of(fresh(administrator)) == Role.ADMINISTRATOR

    def test_a_superusers_role_is_not_changed_here(self, admin_client, superuser):
        response = admin_client.post(role_url(superuser), {"role": "Contributor"})

        assert response.status_code == 400
        assert "always an administrator" in response.text
        assert fresh(superuser).is_superuser

    def test_a_change_after_the_confirmation_lapsed_asks_to_confirm_first(
        self, administrator, author
    ):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            client = signed_in(administrator)
            clock.shift(timedelta(minutes=11))

            response = client.post(role_url(author), {"role": "Editor"})

        assert response.status_code == 302
        assert response.headers["Location"] == (
            f"/cadmin/confirm/?next=%2Fcadmin%2Fpeople%2F{author.pk}%2Frole%2F"
        )
        assert roles.role_of(fresh(author)) == Role.AUTHOR


class TestDeactivating:
    def test_deactivating_ends_every_session_and_keeps_the_posts(self, admin_client, author):
        post = PostFactory(author=author, title="Still here")
        phone, laptop = signed_in(author), signed_in(author)

        response = admin_client.post(deactivate_url(author))

        assert response.status_code == 302
        assert not fresh(author).is_active
        assert not UserSession.objects.filter(user=author).exists()
        for browser in (phone, laptop):
            assert browser.get("/cadmin/").headers["Location"] == "/cadmin/login/?next=/cadmin/"
        assert Post.objects.get(pk=post.pk).author == author
        assert "alice" in Client().get(post.get_absolute_url()).text
        event = AccountEvent.objects.get(kind="deactivated")
        assert (event.user, event.detail) == (author, "by ada")

    @pytest.mark.parametrize("door", [BLOG, CADMIN], ids=str)
    def test_no_door_lets_a_deactivated_person_in(self, admin_client, author, door):
        admin_client.post(deactivate_url(author))
        browser = Client()

        browser.post(door.login_url, {"username": "alice", "password": PASSWORD})

        assert "_auth_user_id" not in browser.session

    def test_a_deactivated_person_gets_no_password_reset_link(
        self, admin_client, author, mailoutbox
    ):
        admin_client.post(deactivate_url(author))

        Client().post("/cadmin/password-reset/", {"email": "alice@example.com"})

        assert mailoutbox == []

    def test_nobody_deactivates_themselves(self, admin_client, administrator):
        UserFactory(username="bea", role=Role.ADMINISTRATOR)

        response = admin_client.post(deactivate_url(administrator))

        assert response.status_code == 400
        assert "You cannot deactivate your own account" in response.text
        assert fresh(administrator).is_active

    @pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.AUTHOR, Role.EDITOR])
    def test_nobody_else_can_deactivate(self, role, author):
        response = signed_in(UserFactory(role=role)).post(deactivate_url(author))

        assert response.status_code == 403
        assert fresh(author).is_active

    def test_reactivating_lets_them_sign_in_again_and_is_audited(self, admin_client, author):
        admin_client.post(deactivate_url(author))

        response = admin_client.post(reactivate_url(author))
        browser = Client()
        browser.post(CADMIN.login_url, {"username": "alice", "password": PASSWORD})

        assert response.status_code == 302
        assert "_auth_user_id" in browser.session
        assert list(
            AccountEvent.objects.filter(kind__in=["deactivated", "reactivated"])
            .order_by("pk")
            .values_list("kind", flat=True)
        ) == ["deactivated", "reactivated"]

    def test_the_confirm_page_offers_the_change_again(self, admin_client, author):
        page = admin_client.get(deactivate_url(author))

        assert page.status_code == 200
        assert "Deactivate alice" in page.text
        assert fresh(author).is_active  # a GET never changes anything
