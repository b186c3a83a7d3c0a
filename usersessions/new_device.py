"""The e-mail after a sign-in from a browser new to the account, and its "This wasn't me" link.

The link names a SignInNotice, signed and valid for NOTICE_DAYS; it works once. Mail scanners
open links, so following it only shows a button: the POST ends exactly that session and forgets
that browser.
"""

from django.core import signing
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import mail
from accounts.browsers import browser_name

from .models import SignInNotice, UserSession

NOTICE_DAYS = 7
SALT = "usersessions.not-me"


def link_token(notice: SignInNotice) -> str:
    return signing.dumps(str(notice.id), salt=SALT)


def notice_for(token: str) -> SignInNotice | None:
    """The notice a link names, if the link is ours, unexpired and not used yet."""
    try:
        notice_id = signing.loads(token, salt=SALT, max_age=NOTICE_DAYS * 24 * 60 * 60)
    except signing.BadSignature:  # tampered, or expired (SignatureExpired is one)
        return None
    notice = SignInNotice.objects.filter(pk=notice_id).select_related("user", "device").first()
    return notice if notice is not None and notice.used_at is None else None


def announce(request: HttpRequest, record: UserSession) -> None:
    user = record.user
    if not user.email or not ({"HTTP_HOST", "SERVER_NAME"} & request.META.keys()):
        return  # no address, or a sign-in made in code (force_login) rather than by a browser
    notice = SignInNotice.objects.create(
        user=user, session_key=record.session_key, device=record.device
    )
    context = {
        "user": user,
        "record": record,
        "browser": browser_name(record.user_agent),
        "when": timezone.now(),
        "sessions_url": request.build_absolute_uri(reverse("sessions")),
        "not_me_url": request.build_absolute_uri(
            reverse("session_not_me", args=[link_token(notice)])
        ),
    }
    mail.send_email.enqueue(
        subject="New sign-in to your account from another browser",
        body=render_to_string("usersessions/email/new_device.txt", context),
        to=[user.email],
    )
