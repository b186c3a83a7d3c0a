"""'Trust this browser': a signed cookie that lets a browser skip the second step for a while.

The cookie names the account and carries a MAC over the account's password hash, its set of
factors and a per-account key. A password change or reset, a factor added or removed, or
"Forget trusted browsers" (a new key) therefore ends it everywhere at once, with nothing to
look up or delete. TGDB_TRUST_BROWSER_DAYS=0 turns the offer off and ignores existing cookies.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import TrustKey, new_trust_key

COOKIE_NAME = "tgdb_trusted_browser"
SALT = "mfa.trusted-browser"


def offered() -> bool:
    return settings.TGDB_TRUST_BROWSER_DAYS > 0


def _key(user) -> str:
    return TrustKey.objects.get_or_create(user=user)[0].key


def _binding(user, factor_ids: list[str]) -> str:
    bound_to = "|".join([str(user.pk), user.password, ",".join(sorted(factor_ids)), _key(user)])
    return salted_hmac(SALT, bound_to, algorithm="sha256").hexdigest()


def trust(response: HttpResponse, user, factor_ids: list[str]) -> None:
    days = settings.TGDB_TRUST_BROWSER_DAYS
    response.set_signed_cookie(
        COOKIE_NAME,
        f"{user.pk}:{_binding(user, factor_ids)}",
        salt=SALT,
        max_age=days * 24 * 60 * 60,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def is_trusted(request: HttpRequest, user, factor_ids: list[str]) -> bool:
    if not offered() or COOKIE_NAME not in request.COOKIES:
        return False
    max_age = settings.TGDB_TRUST_BROWSER_DAYS * 24 * 60 * 60
    value = request.get_signed_cookie(COOKIE_NAME, default="", salt=SALT, max_age=max_age)
    user_id, _, binding = value.partition(":")
    if user_id != str(user.pk):
        return False
    return constant_time_compare(binding, _binding(user, factor_ids))


def forget_everywhere(user) -> None:
    TrustKey.objects.update_or_create(user=user, defaults={"key": new_trust_key()})
