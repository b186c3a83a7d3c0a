"""The empty sign-in form is drawn once per process (tgdb.forms.EmptyFormDrawnOnce): what one
visitor typed, and the errors it earned, must never reach the form another visitor sees."""

import pytest
from django.test import Client

from accounts.forms import WRONG_CREDENTIALS, CredentialsForm, SignInForm
from tests.doors import every_door
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TYPED = "mallory-was-here"


def username_input(html: str) -> str:
    start = html.index('name="username"')
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


@pytest.mark.parametrize("form_class", [CredentialsForm, SignInForm])
def test_the_empty_form_drawn_once_is_what_the_renderer_draws(form_class):
    empty = form_class() if form_class is CredentialsForm else form_class(None)
    fresh = empty.render(empty.template_name_div, renderer=empty.renderer)

    assert empty.as_div() == fresh
    assert empty.as_div() == fresh  # and again, from memory


@every_door
@pytest.mark.parametrize("order", ["empty form first", "typed form first"])
def test_what_one_visitor_typed_never_reaches_the_next_visitors_form(door, order):
    UserFactory(username="alice")
    if order == "empty form first":
        Client().get(door.login_url)

    typed = Client().post(door.login_url, {"username": TYPED, "password": "wrong"})
    next_visitor = Client().get(door.login_url).text

    assert typed.status_code == 200
    assert WRONG_CREDENTIALS in typed.text
    assert f'value="{TYPED}"' in username_input(typed.text)
    assert TYPED not in next_visitor
    assert WRONG_CREDENTIALS not in next_visitor
    assert "value=" not in username_input(next_visitor)


def test_a_form_given_initial_values_is_drawn_afresh():
    SignInForm(None).as_div()

    prefilled = SignInForm(None, initial={"username": "alice"}).as_div()

    assert 'value="alice"' in username_input(prefilled)
    assert "value=" not in username_input(SignInForm(None).as_div())
