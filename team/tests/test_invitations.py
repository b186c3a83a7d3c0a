"""Invitations: an administrator invites an address in a role, the e-mailed link makes one
account with that address and role, once, for TGDB_INVITATION_DAYS; revoked, replaced, used,
expired or tampered links, and addresses taken meanwhile, make none."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import signing
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks.signals import task_enqueued
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from accounts.models import AccountEvent
from accounts.validators import NO_AT_SIGN
from mfa import policy
from team import invitations
from team.models import Invitation
from team.roles import Role, role_of
from tests.clients import signed_in, signed_in_as
from tests.factories import UserFactory
from tests.two_factor import add_passkey, code_now

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

Kind = AccountEvent.Kind
User = get_user_model()
INVITE = "/cadmin/people/invite/"
PEOPLE = "/cadmin/people/"
NEW_PASSWORD = "a brand-new passphrase"
LINK = re.compile(r"https?://[^/\s]+(/cadmin/join/[^/\s]+/)")


def link_in(message) -> str:
    """The path of the join page in an e-mail."""
    (path,) = LINK.findall(message.body)
    return path


def invite(client, email="newcomer@example.com", role=Role.AUTHOR):
    return client.post(INVITE, {"email": email, "role": role})


def join(client, path, username="newcomer", password=NEW_PASSWORD, **extra):
    data = {"username": username, "password1": password, "password2": password, "use": "password"}
    return client.post(path, {**data, **extra})


@pytest.fixture
def admin_client(administrator):
    return signed_in(administrator)


@pytest.fixture
def invited(admin_client, mailoutbox) -> str:
    """An Author's invitation to newcomer@example.com; the path its e-mail links to."""
    invite(admin_client)
    return link_in(mailoutbox[-1])


def accounts_at(email: str) -> int:
    return User.objects.filter(email__iexact=email).count()


class TestInviting:
    def test_an_invitation_is_e_mailed_with_who_invited_the_role_the_link_and_its_expiry(
        self, admin_client, administrator, mailoutbox
    ):
        with time_machine.travel("2026-11-24 12:00", tick=False):
            response = invite(admin_client, role=Role.EDITOR)

        assert response.status_code == 302
        assert response.headers["Location"] == PEOPLE
        page = admin_client.get(INVITE)  # any dashboard page shows the message
        assert "Invitation sent to newcomer@example.com as Editor." in page.text
        (message,) = mailoutbox
        assert message.to == ["newcomer@example.com"]
        assert message.subject == "ada invited you to The Great Django Blog"
        assert "ada invited you to write for The Great Django Blog." in message.body
        assert "Your role: Editor." in message.body
        assert "until 1 December 2026, 12:00" in message.body
        assert link_in(message).startswith("/cadmin/join/")
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role, invitation.invited_by) == (
            "newcomer@example.com",
            Role.EDITOR,
            administrator,
        )
        event = AccountEvent.objects.get(kind=Kind.INVITED)
        assert (event.user, event.detail) == (administrator, "newcomer@example.com as Editor")

    def test_the_link_is_not_stored_with_the_e_mail_task(self, admin_client, mailoutbox):
        """The task carries the invitation's id and nonce; the worker signs the link."""
        enqueued = []

        def note(sender, task_result, **kwargs):
            enqueued.append(task_result.kwargs)

        task_enqueued.connect(note)
        try:
            invite(admin_client)
        finally:
            task_enqueued.disconnect(note)

        (arguments,) = enqueued
        token = link_in(mailoutbox[0]).split("/")[-2]
        assert token not in repr(arguments)
        assert set(arguments) == {"invitation_id", "nonce", "site"}

    def test_an_address_with_an_account_in_any_case_is_refused_keeping_what_was_typed(
        self, admin_client, author, mailoutbox
    ):
        response = invite(admin_client, email="ALICE@Example.com", role=Role.EDITOR)

        assert response.status_code == 400
        assert "alice already uses this address." in response.text
        assert 'value="ALICE@Example.com"' in response.text
        assert '<option value="Editor" selected>Editor</option>' in response.text
        assert not Invitation.objects.exists()
        assert mailoutbox == []

    def test_a_deactivated_account_s_address_is_refused_too(self, admin_client, mailoutbox):
        UserFactory(username="gone", email="gone@example.com", is_active=False)

        response = invite(admin_client, email="gone@example.com")

        assert response.status_code == 400
        assert "A deactivated account (gone) uses this address" in response.text
        assert not Invitation.objects.exists()

    @pytest.mark.parametrize(
        "data",
        [
            {"email": "not an address", "role": "Author"},
            {"email": "x@example.com", "role": "Overlord"},
            {"email": "", "role": ""},
            {"email": "x" * 300 + "@example.com", "role": "Author"},
        ],
    )
    def test_a_bad_form_is_drawn_again_with_a_400(self, admin_client, data, mailoutbox):
        response = admin_client.post(INVITE, data)

        assert response.status_code == 400
        assert "Invite someone" in response.text
        assert not Invitation.objects.exists()
        assert mailoutbox == []

    def test_inviting_an_address_again_replaces_its_invitation_and_link(
        self, admin_client, mailoutbox
    ):
        invite(admin_client, role=Role.CONTRIBUTOR)
        first_link = link_in(mailoutbox[0])
        invite(admin_client, email="Newcomer@example.com", role=Role.EDITOR)

        invitation = Invitation.objects.get()
        assert invitation.role == Role.EDITOR
        assert Client().get(first_link).status_code == 410
        page = Client().get(link_in(mailoutbox[1]))
        assert page.status_code == 200
        assert "Editor" in page.text

    def test_it_needs_a_recent_confirmation_and_comes_back_filled_in(
        self, administrator, password, mailoutbox
    ):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            client = signed_in(administrator)
            clock.shift(timedelta(minutes=11))

            response = invite(client, role=Role.ADMINISTRATOR)
            confirmed = client.post(response.headers["Location"], {"password": password})
            form = client.get(confirmed.headers["Location"])

        assert response.status_code == 302
        assert response.headers["Location"] == (
            "/cadmin/confirm/?next=%2Fcadmin%2Fpeople%2Finvite%2F"
        )
        assert confirmed.headers["Location"] == INVITE
        assert 'value="newcomer@example.com"' in form.text
        assert '<option value="Administrator" selected>Administrator</option>' in form.text
        assert not Invitation.objects.exists()  # nothing is sent without the second click
        assert mailoutbox == []

    def test_the_form_needs_the_csrf_token(self, csrf_client, administrator):
        csrf_client.force_login(administrator)

        response = invite(csrf_client)

        assert response.status_code == 403
        assert not Invitation.objects.exists()


class TestWhoMayInvite:
    @pytest.fixture
    def invitation(self, admin_client, invited):
        return Invitation.objects.get()

    @pytest.mark.parametrize("person", ["author", "editor", "contributor"])
    def test_anyone_but_an_administrator_is_refused_and_nothing_changes(
        self, request, person, invitation, mailoutbox
    ):
        client = signed_in(request.getfixturevalue(person))
        sent_before = len(mailoutbox)

        answers = [
            invite(client, email="other@example.com").status_code,
            client.post(f"/cadmin/people/invitations/{invitation.pk}/resend/").status_code,
            client.post(f"/cadmin/people/invitations/{invitation.pk}/revoke/").status_code,
        ]

        assert answers == [403, 403, 403]
        fresh = Invitation.objects.get()
        assert (fresh.nonce, fresh.revoked_at, fresh.sent_at) == (
            invitation.nonce,
            None,
            invitation.sent_at,
        )
        assert len(mailoutbox) == sent_before

    def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(self, invitation):
        for url in [
            INVITE,
            f"/cadmin/people/invitations/{invitation.pk}/resend/",
            f"/cadmin/people/invitations/{invitation.pk}/revoke/",
        ]:
            response = Client().post(url, {"email": "x@example.com", "role": "Author"})
            assert response.status_code == 302
            assert response.headers["Location"].startswith(f"/cadmin/login/?next={url}")
        assert Invitation.objects.get().revoked_at is None

    def test_after_confirming_it_is_them_the_administrator_is_led_back_to_press_again(
        self, administrator, password, invitation
    ):
        revoke = f"/cadmin/people/invitations/{invitation.pk}/revoke/"
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            client = signed_in(administrator)
            clock.shift(timedelta(minutes=11))

            asked = client.post(revoke)
            confirmed = client.post(asked.headers["Location"], {"password": password})
            back = client.get(confirmed.headers["Location"], follow=True)

        assert confirmed.headers["Location"] == revoke
        assert back.redirect_chain == [("/cadmin/people/", 302)]
        assert "Now press Revoke again" in back.text
        assert Invitation.objects.get().revoked_at is None  # nothing without the second click

    def test_a_superuser_may_invite(self, superuser, mailoutbox):
        response = invite(signed_in(superuser))

        assert response.status_code == 302
        assert len(mailoutbox) == 1


class TestJoining:
    def test_the_page_shows_the_invited_address_role_and_inviter(self, invited):
        page = Client().get(invited)

        assert page.status_code == 200
        assert "newcomer@example.com" in page.text
        assert "<strong>ada</strong> invited you" in page.text
        assert "Author" in page.text
        assert 'name="username"' in page.text
        assert 'name="password1"' in page.text

    def test_a_username_and_password_make_the_account_signed_in_with_address_and_role(
        self, invited, administrator
    ):
        client = Client()
        response = join(client, invited)

        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/"
        user = User.objects.get(username="newcomer")
        assert user.email == "newcomer@example.com"
        assert role_of(user) == Role.AUTHOR
        assert user.check_password(NEW_PASSWORD)
        assert signed_in_as(client) == str(user.pk)
        home = client.get("/cadmin/")
        assert home.status_code == 200
        assert "Welcome, newcomer! Your account is ready." in home.text
        invitation = Invitation.objects.get()
        assert invitation.accepted_user == user
        assert invitation.accepted_at is not None
        accepted = AccountEvent.objects.get(kind=Kind.INVITATION_ACCEPTED)
        assert (accepted.user, accepted.detail) == (user, "As Author, invited by ada")
        assert AccountEvent.objects.filter(kind=Kind.SIGNED_IN, user=user).exists()

    def test_the_link_works_once(self, invited):
        join(Client(), invited)

        again = Client()
        page = again.get(invited)
        response = join(again, invited, username="someone-else")

        assert page.status_code == response.status_code == 410
        assert "This invitation was already used" in response.text
        assert "No other account was made." in response.text
        assert not User.objects.filter(username="someone-else").exists()
        assert signed_in_as(again) is None

    def test_a_double_submit_makes_one_account(self, invited):
        client = Client()
        page = Client().get(invited)  # the form as the browser drew it, before either click
        assert page.status_code == 200

        first = join(client, invited)
        second = join(Client(), invited)

        assert first.status_code == 302
        assert second.status_code == 410
        assert accounts_at("newcomer@example.com") == 1

    def test_a_claimed_invitation_is_not_claimed_twice(self, invited, rf):
        """Past the page's own check (as the second of two requests at once would be), the
        conditional UPDATE still refuses."""
        invitation = invitations.find(invited.split("/")[-2])
        request = rf.post(invited)
        invitations.accept(request, invitation, username="first", password=NEW_PASSWORD)

        with pytest.raises(invitations.Unusable) as refused:
            invitations.accept(request, invitation, username="second", password=NEW_PASSWORD)

        assert refused.value.reason is invitations.Reason.USED
        assert accounts_at("newcomer@example.com") == 1

    def test_the_link_expires_after_the_invitation_days(self, admin_client, mailoutbox):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            invite(admin_client)
            path = link_in(mailoutbox[0])
            clock.shift(timedelta(days=7) - timedelta(seconds=1))
            assert Client().get(path).status_code == 200
            clock.shift(timedelta(seconds=1))

            page = Client().get(path)
            response = join(Client(), path)

        assert page.status_code == response.status_code == 410
        assert "This link has expired" in response.text
        assert "No account was made." in response.text
        assert "this one expired on 1 December 2026, 12:00" in response.text
        assert not User.objects.filter(username="newcomer").exists()
        assert not Invitation.objects.pending().exists()

    def test_an_expired_invitation_sent_again_works_for_a_new_week(self, admin_client, mailoutbox):
        with time_machine.travel("2026-11-24 12:00", tick=False) as clock:
            invite(admin_client)
            clock.shift(timedelta(days=8))
            invitation = Invitation.objects.get()
            admin_client.post(f"/cadmin/people/invitations/{invitation.pk}/resend/")
            clock.shift(timedelta(days=6))

            response = join(Client(), link_in(mailoutbox[-1]))

        assert response.status_code == 302
        assert accounts_at("newcomer@example.com") == 1

    def test_a_revoked_invitation_s_link_makes_no_account(self, admin_client, invited):
        invitation = Invitation.objects.get()

        revoked = admin_client.post(f"/cadmin/people/invitations/{invitation.pk}/revoke/")
        response = join(Client(), invited)

        assert revoked.headers["Location"] == PEOPLE
        assert "The invitation to newcomer@example.com was revoked" in admin_client.get(INVITE).text
        assert response.status_code == 410
        assert "This invitation was withdrawn" in response.text
        assert accounts_at("newcomer@example.com") == 0
        event = AccountEvent.objects.get(kind=Kind.INVITATION_REVOKED)
        assert event.detail == "newcomer@example.com"

    def test_sending_again_kills_the_old_link_and_the_new_one_works(
        self, admin_client, invited, mailoutbox
    ):
        invitation = Invitation.objects.get()

        resent = admin_client.post(f"/cadmin/people/invitations/{invitation.pk}/resend/")
        old = join(Client(), invited)
        new = join(Client(), link_in(mailoutbox[-1]))

        assert resent.headers["Location"] == PEOPLE
        assert len(mailoutbox) == 2
        assert old.status_code == 410
        assert "A newer link was sent" in old.text
        assert new.status_code == 302
        assert accounts_at("newcomer@example.com") == 1
        assert AccountEvent.objects.filter(kind=Kind.INVITATION_RESENT).count() == 1

    def test_a_used_or_revoked_invitation_is_neither_sent_again_nor_revoked(
        self, admin_client, invited, mailoutbox
    ):
        join(Client(), invited)
        invitation = Invitation.objects.get()

        for action in ("resend", "revoke"):
            response = admin_client.post(f"/cadmin/people/invitations/{invitation.pk}/{action}/")
            assert response.headers["Location"] == PEOPLE
        page = admin_client.get(INVITE)

        assert "already used or revoked" in page.text
        assert len(mailoutbox) == 1
        assert Invitation.objects.get().revoked_at is None

    def test_an_unknown_invitation_is_a_404(self, admin_client):
        assert admin_client.post("/cadmin/people/invitations/999/resend/").status_code == 404

    def test_an_address_taken_meanwhile_makes_no_account(self, invited):
        UserFactory(username="quick", email="NEWCOMER@example.com")

        page = Client().get(invited)
        response = join(Client(), invited)

        assert page.status_code == response.status_code == 410
        assert "This address already has an account" in response.text
        assert not User.objects.filter(username="newcomer").exists()
        assert Invitation.objects.get().accepted_at is None

    @pytest.mark.parametrize(
        "password, error",
        [
            ("short", "This password is too short."),
            ("password123", "This password is too common."),
            ("8405937162049", "This password is entirely numeric."),
            ("newcomer@example", "The password is too similar to the"),
        ],
    )
    def test_the_password_validators_apply(self, invited, password, error):
        response = join(Client(), invited, password=password)

        assert response.status_code == 400
        assert error in response.text
        assert 'value="newcomer"' in response.text  # the username typed is kept
        assert not User.objects.filter(username="newcomer").exists()
        assert Invitation.objects.pending().exists()

    def test_the_two_passwords_must_match_and_be_given(self, invited):
        mismatch = join(Client(), invited, password2="another passphrase")
        missing = join(Client(), invited, password1="", password2="")

        assert mismatch.status_code == missing.status_code == 400
        assert "The two password fields didn" in mismatch.text
        assert "This field is required." in missing.text
        assert accounts_at("newcomer@example.com") == 0

    @pytest.mark.parametrize("username", ["alice", "ALICE"])
    def test_a_username_taken_in_any_case_is_a_form_error(self, invited, author, username):
        response = join(Client(), invited, username=username)

        assert response.status_code == 400
        assert "A user with that username already exists." in response.text
        assert accounts_at("newcomer@example.com") == 0

    def test_a_username_that_looks_like_an_address_is_refused(self, invited, author):
        """Signing in tries the username first: this one would catch alice's sign-ins."""
        response = join(Client(), invited, username="alice@example.com")

        assert response.status_code == 400
        assert NO_AT_SIGN in response.text
        assert accounts_at("newcomer@example.com") == 0

    @pytest.mark.parametrize(
        "token",
        [
            "nonsense",
            "eyJpIjoxLCJuIjoieCJ9:1vABCD:forged",
            signing.dumps({"i": 1, "n": "x"}, salt="another.salt"),
            signing.dumps({"i": "1", "n": 5}, salt=invitations.SALT),
            signing.dumps([1, 2], salt=invitations.SALT),
            signing.dumps({"i": 99999, "n": "x"}, salt=invitations.SALT),
            "%00%ff",
            "a" * 2000,
        ],
        # Signed tokens carry the time they were made: ids by kind, the same in every process.
        ids=[
            "nonsense",
            "forged-signature",
            "another-salt",
            "wrong-field-types",
            "not-a-mapping",
            "unknown-invitation",
            "percent-escapes",
            "very-long",
        ],
    )
    def test_a_link_the_site_never_made_is_a_400(self, invited, token):
        page = Client().get(f"/cadmin/join/{token}/")
        response = join(Client(), f"/cadmin/join/{token}/")

        assert page.status_code == response.status_code == 400
        assert "This link does not work" in response.text
        assert accounts_at("newcomer@example.com") == 0

    def test_a_tampered_nonce_is_refused(self, invited):
        invitation = Invitation.objects.get()
        forged = signing.dumps({"i": invitation.pk, "n": "guess"}, salt=invitations.SALT)

        response = join(Client(), f"/cadmin/join/{forged}/")

        assert response.status_code == 410
        assert accounts_at("newcomer@example.com") == 0

    def test_someone_signed_in_is_asked_to_sign_out_and_no_account_is_made(self, invited, author):
        client = signed_in(author)

        page = client.get(invited)
        response = join(client, invited)

        assert page.status_code == 200
        assert "You are signed in as <strong>alice</strong>" in page.text
        assert f'name="next" value="{invited}"' in page.text
        assert response.status_code == 400
        assert accounts_at("newcomer@example.com") == 0
        assert signed_in_as(client) == str(author.pk)
        signed_out = client.post("/cadmin/logout/", {"next": invited})
        assert signed_out.headers["Location"] == invited
        assert client.get(invited).status_code == 200
        assert join(client, invited).headers["Location"] == "/cadmin/"

    def test_the_page_is_never_cached(self, invited):
        response = Client().get(invited)

        assert "no-store" in response.headers["Cache-Control"]


class TestSecondFactorFirst:
    def test_when_every_account_needs_one_the_new_account_sets_one_up_first(
        self, settings, invited
    ):
        settings.TGDB_REQUIRE_2FA = "all"
        client = Client()

        response = join(client, invited)

        assert response.headers["Location"] == "/cadmin/security/"
        assert client.get("/cadmin/").headers["Location"] == "/cadmin/security/"
        assert client.get("/cadmin/post/add/").headers["Location"] == "/cadmin/security/"
        assert "Your account needs a second factor" in client.get("/cadmin/security/").text

    def test_when_none_is_required_the_new_account_goes_to_the_dashboard(self, invited):
        client = Client()

        response = join(client, invited)

        assert response.headers["Location"] == "/cadmin/"
        assert client.get("/cadmin/").status_code == 200


class TestPasskeyInstead:
    @pytest.fixture
    def browser(self) -> Client:
        return Client(HTTP_HOST="localhost")  # passkeys need the site's name, never an IP

    def test_the_account_has_no_password_and_must_add_a_passkey_before_anything_else(
        self, invited, browser
    ):
        response = join(browser, invited, password="", use="passkey")

        assert response.status_code == 302
        assert response.headers["Location"] == "/cadmin/security/#passkeys"
        user = User.objects.get(username="newcomer")
        assert not user.has_usable_password()
        assert (user.email, role_of(user)) == ("newcomer@example.com", Role.AUTHOR)
        assert signed_in_as(browser) == str(user.pk)
        assert browser.get("/cadmin/").headers["Location"] == "/cadmin/security/"
        assert browser.get("/cadmin/post/add/").headers["Location"] == "/cadmin/security/"
        security = browser.get("/cadmin/security/")
        assert security.status_code == 200
        assert "Add a passkey now" in security.text
        assert "passkey-registration-available-template" in security.text

    def test_an_authenticator_app_alone_does_not_let_it_out(self, invited, browser):
        join(browser, invited, password="", use="passkey")
        browser.get("/cadmin/security/authenticator/")
        device = TOTPDevice.objects.get(user__username="newcomer")

        browser.post("/cadmin/security/authenticator/", {"otp_token": code_now(device)})

        assert TOTPDevice.objects.get(pk=device.pk).confirmed
        assert browser.get("/cadmin/").headers["Location"] == "/cadmin/security/"

    def test_a_passkey_lets_it_in(self, invited, browser):
        join(browser, invited, password="", use="passkey")
        session = browser.session
        user = User.objects.get(username="newcomer")
        add_passkey(user)
        # What adding one in the browser tells the session (mfa.changes.factor_added).
        request = RequestFactory().get("/")
        request.session = session
        policy.note_factor_added(request, passkey=True)
        session.save()

        assert browser.get("/cadmin/").status_code == 200

    def test_if_its_session_ends_first_a_reset_link_is_its_way_back(
        self, invited, browser, mailoutbox
    ):
        join(browser, invited, password="", use="passkey")
        mailoutbox.clear()

        Client().post("/cadmin/password-reset/", {"email": "newcomer@example.com"})

        assert [message.to for message in mailoutbox] == [["newcomer@example.com"]]
        assert "/cadmin/password-reset/" in mailoutbox[0].body

    def test_once_it_has_a_passkey_no_reset_link_is_sent(self, invited, browser, mailoutbox):
        join(browser, invited, password="", use="passkey")
        add_passkey(User.objects.get(username="newcomer"))
        mailoutbox.clear()

        Client().post("/cadmin/password-reset/", {"email": "newcomer@example.com"})

        assert mailoutbox == []

    def test_the_username_is_still_checked(self, invited, browser, author):
        response = join(browser, invited, username="alice", password="", use="passkey")

        assert response.status_code == 400
        assert "A user with that username already exists." in response.text
        assert accounts_at("newcomer@example.com") == 0

    def test_where_passkeys_cannot_work_the_choice_is_refused(self, invited):
        at_an_ip = Client(HTTP_HOST="127.0.0.1")

        page = at_an_ip.get(invited)
        response = join(at_an_ip, invited, password="", use="passkey")

        assert "Use a passkey instead" not in page.text
        assert response.status_code == 400
        assert "Passkeys do not work at this address" in response.text
        assert accounts_at("newcomer@example.com") == 0


class TestThePeoplePageFragment:
    def test_it_draws_the_form_and_each_pending_invitation_in_a_constant_number_of_queries(
        self, administrator, django_assert_num_queries
    ):
        def with_invitations(count: int) -> str:
            for n in range(Invitation.objects.count(), count):
                Invitation.objects.create(
                    email=f"person{n}@example.com", role=Role.AUTHOR, invited_by=administrator
                )
            request = RequestFactory().get(PEOPLE)
            request.user = administrator
            with django_assert_num_queries(1):
                context = invitations.people_page_context()
            return render_to_string("team/_invitations.html", context, request=request)

        few = with_invitations(2)
        many = with_invitations(10)

        assert few.count("<td>person0@example.com</td>") == 1
        assert many.count('action="/cadmin/people/invitations/') == 20
        assert many.count('name="csrfmiddlewaretoken"') == 21
        assert 'action="/cadmin/people/invite/"' in many

    def test_used_revoked_and_expired_invitations_are_not_listed(self, administrator):
        def made(email, **fields):
            Invitation.objects.create(
                email=email, role=Role.AUTHOR, invited_by=administrator, **fields
            )

        made("waiting@example.com")
        made("used@example.com", accepted_at=timezone.now())
        made("revoked@example.com", revoked_at=timezone.now())
        made("old@example.com", sent_at=timezone.now() - timedelta(days=8))

        listed = invitations.people_page_context()["pending_invitations"]

        assert [invitation.email for invitation in listed] == ["waiting@example.com"]

    def test_one_open_invitation_per_address_is_kept_by_the_database(self, administrator):
        from django.db import IntegrityError, transaction

        Invitation.objects.create(email="x@example.com", role=Role.AUTHOR)
        with pytest.raises(IntegrityError), transaction.atomic():
            Invitation.objects.create(email="X@example.com", role=Role.EDITOR)
        Invitation.objects.create(
            email="x@example.com", role=Role.EDITOR, revoked_at=timezone.now()
        )


def test_an_e_mail_whose_invitation_was_revoked_before_it_left_is_not_sent(
    administrator, mailoutbox
):
    invitation = Invitation.objects.create(
        email="x@example.com", role=Role.AUTHOR, invited_by=administrator
    )
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())

    invitations.send_link.call(
        invitation_id=invitation.pk, nonce=invitation.nonce, site="http://testserver"
    )

    assert mailoutbox == []


class TestBadInput:
    """Whatever arrives, a clear answer and a 4xx (or the account), never a 500."""

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"username": "newcomer\x00", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            {"username": "a" * 10_000, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            {"username": "newcomer", "password1": "p" * 1_000_000, "password2": "p" * 1_000_000},
            {"username": "newcomer", "password1": "\x00" * 12, "password2": "\x00" * 12},
            {"username": "newcomer", "use": "something else"},
            {"username": ["a", "b"], "password1": [NEW_PASSWORD] * 2, "use": ["passkey", "x"]},
        ],
    )
    def test_the_join_form_answers_bad_input_with_a_400(self, invited, data):
        response = Client().post(invited, data)

        assert response.status_code == 400
        assert 'class="errorlist' in response.text
        assert accounts_at("newcomer@example.com") == 0

    @hsettings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(username=st.text(max_size=200), password=st.text(max_size=200))
    def test_any_text_is_an_answer_never_a_500(self, invited, username, password):
        response = join(Client(), invited, username=username, password=password)

        assert response.status_code in {302, 400, 410}
        assert accounts_at("newcomer@example.com") <= 1

    @hsettings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(email=st.text(max_size=300), role=st.text(max_size=30))
    def test_the_invite_form_answers_any_text(self, admin_client, email, role):
        response = admin_client.post(INVITE, {"email": email, "role": role})

        assert response.status_code in {302, 400}
