"""The authenticator app in a real browser: its key is read off the page as a person would type
it, its codes turn it on and then pass the dashboard's second step."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import AccountEvent
from mfa.factors import shown
from tests.browser.authenticators import AuthenticatorApp, sign_out
from tests.browser.sessions import signed_in_user_id
from tests.two_factor import recovery_codes

pytestmark = pytest.mark.browser

Kind = AccountEvent.Kind


def test_authenticator_app_turned_on_with_its_code_asks_for_a_fresh_one_at_sign_in(
    page, console, screenshot, sign_in, live_server, author, password
):
    site = live_server.url
    heading = page.get_by_role("heading", level=1)
    page.goto("/cadmin/login/?next=/cadmin/security/")
    sign_in("alice", password)
    expect(page).to_have_url(f"{site}/cadmin/security/")

    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page).to_have_url(f"{site}/cadmin/security/authenticator/")
    expect(page.locator(".qr svg")).to_be_visible()
    expect(page.get_by_role("link", name="open it in the app")).to_have_attribute(
        "href", TOTPDevice.objects.get(user=author).config_url
    )
    app = AuthenticatorApp(page.locator("code.secret").inner_text())
    page.get_by_label("Code").fill(app.code())
    screenshot("authenticator-setup")
    page.get_by_role("button", name="Turn on").click()

    expect(page).to_have_url(f"{site}/cadmin/security/recovery-codes/")
    expect(heading).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    shown_codes = page.locator(".recovery-codes li").all_inner_texts()
    assert sorted(shown_codes) == sorted(shown(code) for code in recovery_codes(author))
    screenshot("authenticator-recovery-codes")
    assert TOTPDevice.objects.get(user=author).confirmed

    page.get_by_role("link", name="I have saved them").click()
    expect(page).to_have_url(f"{site}/cadmin/security/")
    expect(page.locator("#authenticator")).to_contain_text("On since")
    sign_out(page, site)

    page.goto("/cadmin/login/")
    sign_in("alice", password)
    expect(page).to_have_url(f"{site}/cadmin/login/verify/")
    expect(heading).to_have_text("Confirm it is you")
    assert signed_in_user_id(page) is None  # half-way: the password alone signs nobody in
    # The code that turned the app on was spent: django-otp never takes the same step twice.
    page.get_by_label("Code").fill(app.next_code())
    screenshot("authenticator-second-step")
    page.get_by_role("button", name="Verify").click()

    expect(page).to_have_url(f"{site}/cadmin/")
    expect(heading).to_have_text("Welcome alice")
    assert signed_in_user_id(page) == str(author.pk)
    screenshot("authenticator-signed-in")

    events = AccountEvent.objects.filter(user=author).order_by("pk")
    assert [(event.kind, event.detail) for event in events] == [
        (Kind.SIGNED_IN, ""),
        (Kind.FACTOR_ADDED, "Authenticator app"),
        (Kind.RECOVERY_CODES_MADE, "with the first factor"),
        (Kind.SIGNED_OUT, ""),
        (Kind.SECOND_STEP_PASSED, "Authenticator app"),
        (Kind.SIGNED_IN, ""),
    ]
    assert {event.door for event in events} == {"cadmin"}
    console.assert_clean()
