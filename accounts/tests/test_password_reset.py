"""Password reset by e-mail: the same answer for every address, one-time links that expire,
every other session signed out afterwards, and a safe `next` that travels the whole way."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.test import Client
from django.utils.http import urlsafe_base64_encode

from accounts.forms import WRONG_CREDENTIALS
from accounts.models import AccountEvent
from tests.doors import every_door
from tests.factories import PASSWORD, UserFactory
from tests.password_reset import (
    COMPLETE_URL,
    NEW_PASSWORD,
    RESET_URL,
    emailed_link,
    set_password_path,
    uid_of,
)

pytestmark = pytest.mark.django_db

SENT_URL = "/cadmin/password-reset/sent/"
UNUSABLE_LINK = "This link cannot be used"


def ask_for_a_link(client, email: str, **data):
    return client.post(RESET_URL, {"email": email, **data})


def reset_password(client, author, new_password=NEW_PASSWORD):
    """Walk the whole flow as the owner of the mailbox does; return the final response."""
    ask_for_a_link(client, author.email)
    path, _ = emailed_link(mail.outbox[-1])
    client.get(path)
    return client.post(
        set_password_path(author), {"new_password1": new_password, "new_password2": new_password}
    )


def can_sign_in(username: str, password: str) -> bool:
    response = Client().post("/cadmin/login/", {"username": username, "password": password})
    return response.status_code == 302


def flip_last(token: str) -> str:
    return token[:-1] + ("b" if token.endswith("a") else "a")


class TokenIssuedAt(PasswordResetTokenGenerator):
    """Django's generator, asked to stamp its token with an earlier moment."""

    def __init__(self, moment: datetime) -> None:
        super().__init__()
        self.moment = moment

    def _now(self) -> datetime:
        return self.moment


class TestAskingForALink:
    def test_reset_page_shows_the_email_form(self, client):
        response = client.get(RESET_URL)

        assert response.status_code == 200
        assert "Reset your password" in response.text
        assert 'name="email"' in response.text
        assert "csrfmiddlewaretoken" in response.text

    def test_known_and_unknown_addresses_get_the_same_answer(self, client, author):
        known = client.post(RESET_URL, {"email": "alice@example.com"}, follow=True)
        unknown = client.post(RESET_URL, {"email": "nobody@example.com"}, follow=True)

        assert known.redirect_chain == unknown.redirect_chain == [(SENT_URL, 302)]
        assert known.status_code == unknown.status_code == 200
        assert known.text == unknown.text
        assert "Check your e-mail" in known.text

    def test_known_address_gets_exactly_one_email_with_a_link(self, client, author):
        ask_for_a_link(client, "alice@example.com")

        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["alice@example.com"]
        path, query = emailed_link(mail.outbox[0])
        assert path.startswith(f"{RESET_URL}{uid_of(author)}/")
        assert query == ""

    def test_unknown_address_gets_no_email(self, client, author):
        ask_for_a_link(client, "nobody@example.com")

        assert mail.outbox == []

    def test_address_is_matched_ignoring_case(self, client, author):
        response = ask_for_a_link(client, "ALICE@Example.COM")

        assert response.headers["Location"] == SENT_URL
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["alice@example.com"]

    def test_reset_request_without_csrf_token_is_forbidden(self, csrf_client, author):
        response = ask_for_a_link(csrf_client, "alice@example.com")

        assert response.status_code == 403
        assert mail.outbox == []

    @every_door
    def test_login_pages_link_to_the_reset_page(self, client, door):
        response = client.get(door.login_url)

        assert "Forgot your password?" in response.text
        assert f'href="{RESET_URL}' in response.text

    def test_admin_reset_page_leads_to_ours(self, client):
        response = client.get("/admin/password_reset/")

        assert response.status_code == 302
        assert response.headers["Location"] == RESET_URL


class TestUsingTheLink:
    def test_link_moves_the_token_out_of_the_url(self, client, author):
        ask_for_a_link(client, author.email)
        path, _ = emailed_link(mail.outbox[0])

        response = client.get(path)

        assert response.status_code == 302
        assert response.headers["Location"] == set_password_path(author)
        form = client.get(set_password_path(author))
        assert form.status_code == 200
        assert "Choose a new password" in form.text

    def test_new_password_signs_in_and_the_old_one_does_not(self, client, author):
        response = reset_password(client, author)

        assert response.status_code == 302
        assert response.headers["Location"] == COMPLETE_URL
        assert can_sign_in("alice", NEW_PASSWORD)
        refused = Client().post("/cadmin/login/", {"username": "alice", "password": PASSWORD})
        assert refused.status_code == 200
        assert WRONG_CREDENTIALS in refused.text

    def test_weak_new_password_is_refused_and_the_old_one_kept(self, client, author):
        response = reset_password(client, author, new_password="12345678")

        assert response.status_code == 200
        assert "This password is too short" in response.text
        author.refresh_from_db()
        assert author.check_password(PASSWORD)

    def test_link_works_only_once(self, client, author):
        ask_for_a_link(client, author.email)
        path, _ = emailed_link(mail.outbox[0])
        client.get(path)
        client.post(
            set_password_path(author),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        again = Client().get(path)

        assert again.status_code == 400
        assert UNUSABLE_LINK in again.text

    def test_link_older_than_the_timeout_is_refused(self, client, author):
        issued = datetime.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
        token = TokenIssuedAt(issued).make_token(author)

        response = client.get(f"{RESET_URL}{uid_of(author)}/{token}/")

        assert response.status_code == 400
        assert UNUSABLE_LINK in response.text

    def test_link_just_inside_the_timeout_still_works(self, client, author):
        issued = datetime.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60)
        token = TokenIssuedAt(issued).make_token(author)

        response = client.get(f"{RESET_URL}{uid_of(author)}/{token}/")

        assert response.status_code == 302
        assert response.headers["Location"] == set_password_path(author)

    @pytest.mark.parametrize("method", ["get", "post"])
    @pytest.mark.parametrize(
        "tamper",
        [
            pytest.param(lambda uid, token: (uid, flip_last(token)), id="token-last-character"),
            pytest.param(lambda uid, token: (uid, token.split("-")[0]), id="token-truncated"),
            pytest.param(lambda uid, token: (uid, "set-password"), id="no-token-in-session"),
            pytest.param(lambda uid, token: ("zzzz", token), id="uid-garbage"),
            pytest.param(
                lambda uid, token: (urlsafe_base64_encode(b"abc"), token), id="uid-not-a-number"
            ),
            pytest.param(
                lambda uid, token: (urlsafe_base64_encode(b"999999"), token), id="uid-of-nobody"
            ),
        ],
    )
    def test_tampered_link_is_refused_without_an_error(self, client, author, tamper, method):
        uid, token = tamper(uid_of(author), default_token_generator.make_token(author))

        response = getattr(client, method)(
            f"{RESET_URL}{uid}/{token}/",
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        assert response.status_code == 400
        assert UNUSABLE_LINK in response.text
        author.refresh_from_db()
        assert author.check_password(PASSWORD)

    def test_token_of_one_user_does_not_open_another_users_link(self, client, author):
        other = UserFactory(username="carol")
        token = default_token_generator.make_token(author)

        response = client.get(f"{RESET_URL}{uid_of(other)}/{token}/")

        assert response.status_code == 400
        assert UNUSABLE_LINK in response.text


class TestAfterTheReset:
    def test_every_other_session_of_the_user_is_signed_out(self, client, author):
        elsewhere = Client()
        elsewhere.force_login(author)
        assert elsewhere.get("/cadmin/").status_code == 200

        reset_password(client, author)

        response = elsewhere.get("/cadmin/")
        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/login/?next=/cadmin/"
        assert "_auth_user_id" not in elsewhere.session

    def test_another_users_session_is_untouched(self, client, author, other_author):
        bystander = Client()
        bystander.force_login(other_author)

        reset_password(client, author)

        assert bystander.get("/cadmin/").status_code == 200

    def test_complete_page_links_to_sign_in(self, client, author):
        reset_password(client, author)

        response = client.get(COMPLETE_URL)

        assert response.status_code == 200
        assert "Your new password is set" in response.text
        assert 'href="/cadmin/login/"' in response.text

    def test_reset_is_recorded_in_the_audit_trail(self, client, author):
        reset_password(client, author)

        events = AccountEvent.objects.filter(kind=AccountEvent.Kind.PASSWORD_RESET)
        assert [(event.user, event.door) for event in events] == [(author, "cadmin")]
        assert NEW_PASSWORD not in str(list(AccountEvent.objects.values()))


class TestNextTravelsThroughTheFlow:
    NEXT = "/cadmin/posts/"
    ENCODED = "?next=%2Fcadmin%2Fposts%2F"

    def test_reset_form_keeps_next_in_its_hidden_field(self, client):
        response = client.get(RESET_URL, {"next": self.NEXT})

        assert '<input type="hidden" name="next" value="/cadmin/posts/">' in response.text

    def test_emailed_link_carries_next(self, client, author):
        ask_for_a_link(client, author.email, next=self.NEXT)

        _, query = emailed_link(mail.outbox[0])
        assert query in (self.ENCODED, "?next=/cadmin/posts/")

    def test_confirm_redirect_and_form_keep_next(self, client, author):
        ask_for_a_link(client, author.email, next=self.NEXT)
        path, query = emailed_link(mail.outbox[0])

        response = client.get(path + query)

        assert response.headers["Location"] == set_password_path(author) + self.ENCODED
        form = client.get(response.headers["Location"])
        assert '<input type="hidden" name="next" value="/cadmin/posts/">' in form.text

    def test_complete_page_signs_in_towards_next(self, client, author):
        ask_for_a_link(client, author.email, next=self.NEXT)
        path, query = emailed_link(mail.outbox[0])
        client.get(path + query)

        response = client.post(
            set_password_path(author),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "next": self.NEXT},
        )

        assert response.headers["Location"] == COMPLETE_URL + self.ENCODED
        complete = client.get(response.headers["Location"])
        assert f'href="/cadmin/login/{self.ENCODED}"' in complete.text
