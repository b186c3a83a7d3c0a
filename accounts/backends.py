"""Sign in with a username or an e-mail address, through every door."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from . import permission_cache


def find_user(login: str) -> AbstractBaseUser | None:
    """The user whose username is `login` exactly, or else whose e-mail it is (any case)."""
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: login}).first()
    if user is None and "@" in login:
        # E-mail addresses are unique ignoring case (see accounts.models), so this is one user.
        user = user_model._default_manager.filter(email__iexact=login).first()
    return user


def user_for_login(request: HttpRequest | None, login: str) -> AbstractBaseUser | None:
    """find_user, remembered for the request: the lockout check, the backend and the audit
    trail all ask about the same login during one sign-in attempt."""
    if request is None:
        return find_user(login)
    found = request.__dict__.setdefault("_users_by_login", {})
    if login not in found:
        found[login] = find_user(login)
    return found[login]


class UsernameOrEmailBackend(ModelBackend):
    """Django's ModelBackend, looking the user up by username or e-mail, with each account's
    permissions kept in the cache between requests (accounts/permission_cache.py)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = permission_cache.permissions_of(
                user_obj, lambda: super(UsernameOrEmailBackend, self).get_all_permissions(user_obj)
            )
        return user_obj._perm_cache

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        if request is not None:
            request.credentials_checked = True  # tells the audit trail this was a real attempt
        user = user_for_login(request, username)
        if user is None:
            # Hash the password anyway, so an unknown login takes as long as a wrong password
            # and the response time never tells which accounts exist (as ModelBackend does).
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
