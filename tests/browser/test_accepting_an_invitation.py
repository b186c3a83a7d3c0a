"""An invitation in a real browser: an administrator invites from the people page, the invitee
opens the e-mailed link in a browser of their own, makes the account with a password, lands on
the dashboard, and writes a first draft for review."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from blog.models import Post
from team.roles import Role, role_of
from tests.browser.authenticators import passkey_site
from tests.browser.conftest import ConsoleWatch, browser_tab
from tests.browser.editors import screenshots
from tests.browser.sessions import signed_in_user_id

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+/cadmin/join/[^/\s]+/")
NEW_PASSWORD = "a brand-new passphrase"
TITLE = "Hello from the newest contributor"


@pytest.fixture
def site(live_server) -> str:
    """By the host name, as the site is meant to be opened: the join page then offers passkeys."""
    return passkey_site(live_server.url)


@pytest.fixture
def console(site) -> ConsoleWatch:
    return ConsoleWatch(base_url=site)


def test_an_invitee_joins_and_writes_a_first_draft(
    chromium, page, console, sign_in, site, administrator, password, mailoutbox
):
    heading = page.get_by_role("heading", level=1)
    page.goto(f"{site}/cadmin/login/?next=/cadmin/people/")
    sign_in("ada", password)
    expect(heading).to_have_text("People")
    page.get_by_label("E-mail address").fill("newcomer@example.com")
    page.get_by_label("Role:", exact=True).select_option("Contributor")
    page.get_by_role("button", name="Send the invitation").click()

    expect(page).to_have_url(f"{site}/cadmin/people/")
    expect(page.get_by_role("status")).to_have_text(
        "Invitation sent to newcomer@example.com as Contributor."
    )
    expect(page.locator("#invitations tbody tr")).to_contain_text("newcomer@example.com")
    page.locator("#invite").scroll_into_view_if_needed()
    screenshots(page, "people-invitations")
    (message,) = mailoutbox
    (link,) = LINK.findall(message.body)
    assert link.startswith(f"{site}/cadmin/join/")

    # The invitee, in a browser of their own.
    with browser_tab(chromium, site, console) as invitee:
        invitee.goto(link)
        expect(invitee.get_by_role("heading", level=1)).to_have_text("You are invited")
        expect(invitee.locator(".user-details")).to_contain_text("newcomer@example.com")
        expect(invitee.locator(".user-details")).to_contain_text("Contributor")
        expect(invitee.get_by_role("button", name="Use a passkey instead")).to_be_visible()
        screenshots(invitee, "join-invitation")

        invitee.get_by_label("Username").fill("newcomer")
        invitee.get_by_label("Password:", exact=True).fill(NEW_PASSWORD)
        invitee.get_by_label("Password confirmation").fill(NEW_PASSWORD)
        invitee.get_by_role("button", name="Create my account").click()

        expect(invitee).to_have_url(f"{site}/cadmin/")
        expect(invitee.get_by_role("status")).to_have_text(
            "Welcome, newcomer! Your account is ready."
        )
        user = get_user_model().objects.get(username="newcomer")
        assert (user.email, role_of(user)) == ("newcomer@example.com", Role.CONTRIBUTOR)
        assert signed_in_user_id(invitee) == str(user.pk)
        screenshots(invitee, "join-invitation-welcome")

        invitee.get_by_role("link", name="Write a post").first.click()
        expect(invitee).to_have_url(f"{site}/cadmin/post/add/")
        invitee.get_by_label("Title").fill(TITLE)
        invitee.get_by_label("Body").fill("My **first** draft, written the day I joined.")
        invitee.get_by_label("Status").select_option(label="Submit for review")
        invitee.get_by_role("button", name="Add post").click()

        expect(invitee).to_have_url(f"{site}/cadmin/posts/")
        expect(invitee.get_by_role("heading", level=1)).to_have_text("Your posts")
        expect(invitee.locator("main")).to_contain_text(TITLE)
        post = Post.objects.get(title=TITLE)
        assert (post.author, post.status) == (user, Post.Status.REVIEW)

        # The link made its account: opened again, it makes no other.
        invitee.context.clear_cookies()
        console.expect_failed_load(410, link.removeprefix(site))
        invitee.goto(link)
        expect(invitee.get_by_role("heading", level=1)).to_have_text(
            "This invitation was already used"
        )
        screenshots(invitee, "join-invitation-used")

    page.reload()
    expect(page.locator("#invitations")).to_contain_text("No invitations are waiting.")
    console.assert_clean()


def test_an_invitee_may_join_with_a_passkey_instead_of_a_password(
    page, console, site, administrator, mailoutbox
):
    from team import invitations
    from tests.browser.authenticators import add_virtual_authenticator, offer_no_passkey_autofill

    invitation = invitations.Invitation.objects.create(
        email="newcomer@example.com", role=Role.AUTHOR, invited_by=administrator
    )
    offer_no_passkey_autofill(page)
    device = add_virtual_authenticator(page)
    page.goto(site + invitations.link_path(invitation))

    page.get_by_label("Username").fill("newcomer")
    page.get_by_role("button", name="Use a passkey instead").click()

    expect(page).to_have_url(f"{site}/cadmin/security/#passkeys")
    expect(page.locator(".messages")).to_contain_text("Add a passkey now")
    user = get_user_model().objects.get(username="newcomer")
    assert not user.has_usable_password()
    screenshots(page, "join-with-a-passkey-security")
    page.get_by_role("button", name="Add a passkey").click()

    expect(page).to_have_url(re.compile(re.escape(f"{site}/cadmin/security/recovery-codes/?")))
    page.get_by_role("link", name="I have saved them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passkey “Passkey 1”")
    assert len(device.passkeys()) == 1

    page.goto(f"{site}/cadmin/post/add/")
    expect(page).to_have_url(f"{site}/cadmin/post/add/")  # with a passkey, the dashboard opens
    console.assert_clean()
