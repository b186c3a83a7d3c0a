"""Passkeys in a real browser, made and used by Chromium's virtual authenticator: added on the
security page, used to sign in without a password, as the second step after one, through the
username field's suggestions, and refused once removed."""

import base64
import re

import pytest
from django_otp_webauthn.exceptions import CredentialNotFound
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from accounts.models import AccountEvent
from tests.browser.authenticators import (
    SECURITY_KEY,
    add_first_passkey,
    add_virtual_authenticator,
    offer_no_passkey_autofill,
    passkey_site,
    sign_out,
)
from tests.browser.conftest import ConsoleWatch
from tests.browser.sessions import signed_in_user_id

pytestmark = pytest.mark.browser

Kind = AccountEvent.Kind


@pytest.fixture
def site(live_server) -> str:
    """Where the pages are opened: passkeys need the host name, never an IP address."""
    return passkey_site(live_server.url)


@pytest.fixture
def console(site) -> ConsoleWatch:
    # Chromium names a failed load by the address the page was opened at.
    return ConsoleWatch(base_url=site)


def kinds_of_events(user) -> list[str]:
    return list(
        AccountEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True)
    )


def test_passkey_added_on_the_security_page_signs_in_without_a_password(
    page, console, screenshot, sign_in, site, author, password, mailoutbox
):
    heading = page.get_by_role("heading", level=1)
    offer_no_passkey_autofill(page)
    device = add_virtual_authenticator(page)
    page.goto(f"{site}/cadmin/login/?next=/cadmin/security/")
    sign_in("alice", password)
    expect(page).to_have_url(f"{site}/cadmin/security/")
    expect(page.locator("#passkeys")).to_contain_text("No passkeys yet.")

    page.get_by_role("button", name="Add a passkey").click()

    # A first factor comes with recovery codes, shown once before the passkey is named.
    expect(page).to_have_url(re.compile(re.escape(f"{site}/cadmin/security/recovery-codes/?")))
    passkey = WebAuthnCredential.objects.get(user=author)
    expect(page).to_have_url(
        f"{site}/cadmin/security/recovery-codes/"
        f"?next=%2Fcadmin%2Fsecurity%2Fpasskeys%2F{passkey.pk}%2F"
    )
    expect(heading).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot("passkey-added-recovery-codes")
    # The site keeps the very key the device made, and nothing else.
    (held,) = device.passkeys()
    assert base64.b64decode(held["credentialId"]) == bytes(passkey.credential_id)
    assert (held["rpId"], held["isResidentCredential"]) == ("localhost", True)

    page.get_by_role("link", name="I have saved them").click()
    expect(page).to_have_url(f"{site}/cadmin/security/passkeys/{passkey.pk}/")
    expect(heading).to_have_text("Passkey “Passkey 1”")
    page.get_by_label("Name").fill("Work laptop")
    screenshot("passkey-naming")
    page.get_by_role("button", name="Save name").click()
    expect(page).to_have_url(f"{site}/cadmin/security/")
    expect(page.locator(".messages")).to_have_text("Passkey saved.")
    expect(page.locator("#passkeys tbody tr")).to_have_count(1)
    expect(page.locator("#passkeys tbody tr")).to_contain_text("Work laptop")
    screenshot("passkey-named")

    sign_out(page, site)
    assert signed_in_user_id(page) is None

    page.goto(f"{site}/cadmin/login/?next=/cadmin/posts/")
    page.get_by_role("button", name="Sign in with a passkey").click()

    expect(page).to_have_url(f"{site}/cadmin/posts/")
    expect(heading).to_have_text("Your posts")
    assert signed_in_user_id(page) == str(author.pk)
    screenshot("passkey-signed-in")

    assert kinds_of_events(author) == [
        Kind.SIGNED_IN,
        Kind.FACTOR_ADDED,
        Kind.RECOVERY_CODES_MADE,
        Kind.FACTOR_RENAMED,
        Kind.SIGNED_OUT,
        Kind.PASSKEY_SIGNED_IN,
    ]
    added = AccountEvent.objects.get(kind=Kind.FACTOR_ADDED)
    assert (added.detail, added.door) == ("Passkey 1", "cadmin")
    signed_in = AccountEvent.objects.get(kind=Kind.PASSKEY_SIGNED_IN)
    assert (signed_in.user, signed_in.door) == (author, "cadmin")
    passkey.refresh_from_db()
    assert passkey.name == "Work laptop"
    assert passkey.last_used_at is not None
    assert [mail.subject for mail in mailoutbox] == [
        "Security notice: A passkey was added to your account"
    ]
    console.assert_clean()


def test_passkey_is_the_second_step_after_a_password(
    page, console, screenshot, sign_in, site, author, password
):
    heading = page.get_by_role("heading", level=1)
    offer_no_passkey_autofill(page)
    add_virtual_authenticator(page)
    page.goto(f"{site}/cadmin/login/")
    sign_in("alice", password)
    add_first_passkey(page, site, author)
    sign_out(page, site)

    page.goto(f"{site}/login/?next=/admin_page/")
    sign_in("alice", password)

    expect(page).to_have_url(f"{site}/login/verify/")
    expect(heading).to_have_text("Confirm it is you")
    assert signed_in_user_id(page) is None  # half-way: the password alone signs nobody in
    screenshot("passkey-second-step")
    page.get_by_role("button", name="Use a passkey").click()

    expect(page).to_have_url(f"{site}/admin_page/")
    expect(heading).to_have_text("Welcome alice")
    assert signed_in_user_id(page) == str(author.pk)
    screenshot("passkey-second-step-passed")

    passed = AccountEvent.objects.get(kind=Kind.SECOND_STEP_PASSED)
    assert (passed.user, passed.door, passed.detail) == (author, "blog", "Passkey “Passkey 1”")
    assert kinds_of_events(author)[-2:] == [Kind.SECOND_STEP_PASSED, Kind.SIGNED_IN]
    assert AccountEvent.objects.filter(user=author).latest("pk").door == "blog"
    console.assert_clean()


def test_passkey_offered_in_the_username_suggestions_signs_in_at_that_door(
    page, console, screenshot, sign_in, site, author, password
):
    # The password comes first, with no passkey device yet: a device without a passkey for this
    # site would refuse the page's autofill request at once, and the package logs that refusal.
    page.goto(f"{site}/cadmin/login/")
    sign_in("alice", password)
    add_virtual_authenticator(page)
    add_first_passkey(page, site, author)
    sign_out(page, site)

    # Chromium's virtual authenticator picks its passkey from the suggestions by itself, as a
    # person would pick it from the username field's list: nothing is typed or clicked.
    page.goto(f"{site}/login/?next=/admin_page/")

    expect(page).to_have_url(f"{site}/admin_page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome alice")
    assert signed_in_user_id(page) == str(author.pk)
    screenshot("passkey-autofill-signed-in")
    signed_in = AccountEvent.objects.get(kind=Kind.PASSKEY_SIGNED_IN)
    assert (signed_in.user, signed_in.door) == (author, "blog")
    console.assert_clean()


def test_removed_passkey_no_longer_signs_in(
    page, console, screenshot, sign_in, site, author, password
):
    heading = page.get_by_role("heading", level=1)
    offer_no_passkey_autofill(page)
    device = add_virtual_authenticator(page)
    page.goto(f"{site}/cadmin/login/")
    sign_in("alice", password)
    passkey = add_first_passkey(page, site, author)

    page.get_by_role("link", name="Remove this passkey").click()
    expect(page).to_have_url(f"{site}/cadmin/security/passkeys/{passkey.pk}/remove/")
    expect(heading).to_have_text("Remove the passkey “Passkey 1”?")
    page.get_by_role("button", name="Remove this passkey").click()
    expect(page).to_have_url(f"{site}/cadmin/security/")
    expect(page.locator(".messages")).to_have_text("The passkey was removed.")
    expect(page.locator("#passkeys")).to_contain_text("No passkeys yet.")
    screenshot("passkey-removed")
    assert not WebAuthnCredential.objects.filter(user=author).exists()
    assert len(device.passkeys()) == 1  # the device keeps it, as the page warns

    sign_out(page, site)
    page.goto(f"{site}/cadmin/login/?next=/cadmin/posts/")
    # The server answers the device's signature with 404 "not found": Chromium logs that load.
    console.expect_failed_load(
        404, "/passkeys/authenticate/complete/?door=cadmin&next=%2Fcadmin%2Fposts%2F"
    )
    page.get_by_role("button", name="Sign in with a passkey").click()

    expect(page.locator("#passkey-verification-status-message")).to_have_text(
        str(CredentialNotFound.default_detail)
    )
    expect(page).to_have_url(f"{site}/cadmin/login/?next=/cadmin/posts/")
    expect(heading).to_have_text("Sign in to the dashboard")
    assert signed_in_user_id(page) is None
    screenshot("passkey-removed-refused")
    assert not AccountEvent.objects.filter(kind=Kind.PASSKEY_SIGNED_IN).exists()
    assert kinds_of_events(author)[-2:] == [Kind.FACTOR_REMOVED, Kind.SIGNED_OUT]
    console.assert_clean()


def test_a_security_key_is_added_and_passes_the_second_step(
    page, console, screenshot, sign_in, site, author, password
):
    offer_no_passkey_autofill(page)
    key = add_virtual_authenticator(page, SECURITY_KEY)
    page.goto(f"{site}/cadmin/login/?next=/cadmin/security/")
    sign_in("alice", password)
    passkey = add_first_passkey(page, site, author)
    assert passkey.transports == ["usb"]
    assert len(key.passkeys()) == 1
    sign_out(page, site)

    page.goto(f"{site}/cadmin/login/?next=/cadmin/posts/")
    sign_in("alice", password)
    expect(page).to_have_url(f"{site}/cadmin/login/verify/")
    page.get_by_role("button", name="Use a passkey").click()

    expect(page).to_have_url(f"{site}/cadmin/posts/")
    assert signed_in_user_id(page) == str(author.pk)
    screenshot("security-key-second-step-passed")
    console.assert_clean()
