"""Which fields of a form are kept, and which forms never are."""

from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import QueryDict

from accounts.forms import SignInForm
from cadmin.forms import PostForm
from keptforms.form_data import keepable, may_keep


def test_forms_that_ask_for_a_password_are_never_kept():
    assert not may_keep(PasswordChangeForm)
    assert not may_keep(SetPasswordForm)
    assert not may_keep(SignInForm)
    assert may_keep(PostForm)


def test_the_csrf_token_and_password_like_names_are_dropped():
    posted = QueryDict(
        "title=Hi&tags=1&tags=2&csrfmiddlewaretoken=abc&password=x&new_password1=y"
        "&otp_token=123456&client_secret=z"
    )

    assert keepable(posted) == {"title": ["Hi"], "tags": ["1", "2"]}
