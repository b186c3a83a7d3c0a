"""Bad input on every form: a clear error or a 4xx, never a 500, and nothing saved is lost."""

import pytest
from axes.utils import reset as reset_lockouts
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from blog.models import Category, Post, Tag
from tests.factories import PASSWORD, CategoryFactory, PostFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]

LOGIN_URLS = ["/login/", "/cadmin/login/"]
LOGOUT_URLS = ["/logout/", "/cadmin/logout/"]
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
TEN_KB = 10_000
ONE_MB = 1_000_000

# Percent-encoded bytes that are not UTF-8, and the same bytes sent raw (undecodable body).
NON_UTF8_BODIES = {
    "percent-encoded": "{0}=%FF%FE&{1}=%C3%28",
    "raw": "{0}=\xff\xfe&{1}=\xc3\x28",
}


def non_utf8_body(kind: str, first: str, second: str, rest: str = "") -> bytes:
    """Two fields holding non-UTF-8 bytes, then `rest` (well-formed fields, "&a=b...")."""
    # latin-1 maps each code point below 256 to exactly that byte.
    return (NON_UTF8_BODIES[kind].format(first, second) + rest).encode("latin-1")


def shows_form_errors(response) -> bool:
    return response.status_code == 200 and 'class="errorlist' in response.text


def is_error_page_or_client_error(response) -> bool:
    return shows_form_errors(response) or 400 <= response.status_code < 500


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


BAD_CREDENTIALS = {
    "no fields": {},
    "no password": {"username": "alice"},
    "no username": {"password": PASSWORD},
    "empty values": {"username": "", "password": ""},
    "10 kB username": {"username": "a" * TEN_KB, "password": PASSWORD},
    "1 MB password": {"username": "alice", "password": "p" * ONE_MB},
    "NUL in username": {"username": "alice\x00", "password": PASSWORD},
    "NUL in password": {"username": "alice", "password": PASSWORD + "\x00"},
    "only NUL": {"username": "\x00", "password": "\x00"},
}


class TestLoginForms:
    @pytest.mark.parametrize("url", LOGIN_URLS)
    @pytest.mark.parametrize("data", BAD_CREDENTIALS.values(), ids=BAD_CREDENTIALS.keys())
    def test_bad_credentials_show_errors_and_sign_nobody_in(self, client, author, url, data):
        response = client.post(url, data)

        assert shows_form_errors(response)
        assert not signed_in(client)

    @pytest.mark.parametrize("url", LOGIN_URLS)
    @pytest.mark.parametrize("kind", NON_UTF8_BODIES)
    def test_non_utf8_body_is_refused_and_signs_nobody_in(self, client, author, url, kind):
        body = non_utf8_body(kind, "username", "password")

        response = client.generic("POST", url, data=body, content_type=FORM_CONTENT_TYPE)

        assert is_error_page_or_client_error(response)
        assert not signed_in(client)

    @pytest.mark.parametrize("url", LOGIN_URLS)
    def test_correct_password_still_works_after_bad_attempts(self, client, author, url):
        # The bad input above must not lock out or damage the real account.
        for data in BAD_CREDENTIALS.values():
            client.post(url, data)

        response = client.post(url, {"username": "alice", "password": PASSWORD})

        assert response.status_code == 302
        assert signed_in(client)


@pytest.mark.parametrize("url", LOGIN_URLS)
@hsettings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    username=st.one_of(st.just("alice"), st.text()),
    password=st.text(),
)
def test_fuzzed_credentials_answer_with_the_form_and_sign_nobody_in(
    db, author, url, username, password
):
    reset_lockouts()  # each example is a new visitor, not the hundredth guess from one address
    client = Client()

    response = client.post(url, {"username": username, "password": password})

    assert response.status_code == 200
    assert not signed_in(client)


# Junk fields, and where the browser is sent afterwards (None: the "signed out" page).
JUNK_LOGOUT_FIELDS = {
    "10 kB junk field": ({"junk": "j" * TEN_KB}, None),
    "1 MB junk field": ({"junk": "j" * ONE_MB}, None),
    "10 kB next": ({"next": "/" + "n" * TEN_KB}, None),
    "NUL in next": ({"next": "/\x00"}, "/%00"),
    # Encoded into the path: no second header can be smuggled into the response.
    "header injection in next": (
        {"next": "/\r\nSet-Cookie: sessionid=evil"},
        "/%0D%0ASet-Cookie:%20sessionid=evil",
    ),
}


class TestLogoutForms:
    @pytest.mark.parametrize("url", LOGOUT_URLS)
    @pytest.mark.parametrize(
        ("data", "location"), JUNK_LOGOUT_FIELDS.values(), ids=JUNK_LOGOUT_FIELDS.keys()
    )
    def test_junk_fields_still_sign_out_without_an_error(self, author_client, url, data, location):
        response = author_client.post(url, data)

        if location is None:
            assert response.status_code == 200
            assert "You are signed out" in response.text
        else:
            assert response.status_code == 302
            assert response.headers["Location"] == location
        assert "evil" not in str(response.cookies)
        assert not signed_in(author_client)

    @pytest.mark.parametrize("url", LOGOUT_URLS)
    @pytest.mark.parametrize("kind", NON_UTF8_BODIES)
    def test_non_utf8_body_is_not_a_server_error(self, author_client, url, kind):
        body = non_utf8_body(kind, "next", "junk")

        response = author_client.generic("POST", url, data=body, content_type=FORM_CONTENT_TYPE)

        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert "You are signed out" in response.text

    @pytest.mark.parametrize("url", LOGOUT_URLS)
    def test_junk_post_when_already_signed_out_is_harmless(self, client, url):
        response = client.post(url, {"junk": "\x00" * 10})

        assert response.status_code == 200
        assert "You are signed out" in response.text


def good_post_data(**changes) -> dict:
    return {"title": "A fine title", "body": "Fine body.", "status": "published", **changes}


BAD_POST_DATA = {
    "no fields": {},
    "empty values": {"title": "", "body": "", "status": ""},
    "10 kB title": good_post_data(title="t" * TEN_KB),
    "1 MB body": good_post_data(body="b" * ONE_MB),
    "NUL in title": good_post_data(title="Evil\x00title"),
    "NUL in body": good_post_data(body="Evil\x00body"),
    "unknown status": good_post_data(status="\x00"),
    "unknown category": good_post_data(category="999999"),
    "non-numeric tag": good_post_data(tags=["\x00"]),
}


@pytest.fixture
def saved_post(author):
    return PostFactory(title="Original title", body="Original body.", author=author)


class TestPostForms:
    @pytest.mark.parametrize("data", BAD_POST_DATA.values(), ids=BAD_POST_DATA.keys())
    def test_bad_new_post_shows_errors_and_saves_nothing(self, author_client, data):
        response = author_client.post("/cadmin/post/add/", data)

        assert shows_form_errors(response)
        assert not Post.objects.exists()

    @pytest.mark.parametrize("data", BAD_POST_DATA.values(), ids=BAD_POST_DATA.keys())
    def test_bad_update_shows_errors_and_keeps_the_saved_post(
        self, author_client, saved_post, data
    ):
        before = Post.objects.values().get(pk=saved_post.pk)

        response = author_client.post(f"/cadmin/post/update/{saved_post.pk}/", data)

        assert shows_form_errors(response)
        assert Post.objects.values().get(pk=saved_post.pk) == before

    @pytest.mark.parametrize("kind", NON_UTF8_BODIES)
    def test_non_utf8_new_post_is_refused(self, author_client, kind):
        # Every other field is valid, so only the broken encoding can make this fail.
        body = non_utf8_body(kind, "title", "body", "&status=published")

        response = author_client.generic(
            "POST", "/cadmin/post/add/", data=body, content_type=FORM_CONTENT_TYPE
        )

        assert is_error_page_or_client_error(response)
        assert not Post.objects.exists()

    @pytest.mark.parametrize("kind", NON_UTF8_BODIES)
    def test_non_utf8_update_keeps_the_saved_post(self, author_client, saved_post, kind):
        before = Post.objects.values().get(pk=saved_post.pk)
        # Every other field is valid, so only the broken encoding can make this fail.
        body = non_utf8_body(kind, "title", "body", "&status=published")

        response = author_client.generic(
            "POST",
            f"/cadmin/post/update/{saved_post.pk}/",
            data=body,
            content_type=FORM_CONTENT_TYPE,
        )

        assert is_error_page_or_client_error(response)
        assert Post.objects.values().get(pk=saved_post.pk) == before


BAD_TAXONOMY_DATA = {
    "no fields": {},
    "empty values": {"name": "", "slug": ""},
    "10 kB name": {"name": "n" * TEN_KB, "slug": ""},
    "1 MB name": {"name": "n" * ONE_MB, "slug": ""},
    "NUL in name": {"name": "Evil\x00name", "slug": ""},
    "NUL in slug": {"name": "Fine name", "slug": "evil\x00slug"},
    "slug with spaces": {"name": "Fine name", "slug": "not a slug"},
    "name already taken": {"name": "Existing", "slug": ""},
}
TAXONOMIES = {"category": (Category, CategoryFactory), "tag": (Tag, TagFactory)}


class TestCategoryAndTagForms:
    @pytest.mark.parametrize("kind", TAXONOMIES)
    @pytest.mark.parametrize("data", BAD_TAXONOMY_DATA.values(), ids=BAD_TAXONOMY_DATA.keys())
    def test_bad_input_shows_errors_and_adds_nothing(self, editor_client, kind, data):
        model, factory = TAXONOMIES[kind]
        existing = factory(name="Existing")

        response = editor_client.post(f"/cadmin/{kind}/add/", data)

        assert shows_form_errors(response)
        assert list(model.objects.values_list("pk", "name", "slug")) == [
            (existing.pk, "Existing", "existing")
        ]

    @pytest.mark.parametrize("kind", TAXONOMIES)
    @pytest.mark.parametrize("encoding", NON_UTF8_BODIES)
    def test_non_utf8_body_is_refused(self, editor_client, kind, encoding):
        model, _factory = TAXONOMIES[kind]
        body = non_utf8_body(encoding, "name", "junk", "&slug=")

        response = editor_client.generic(
            "POST", f"/cadmin/{kind}/add/", data=body, content_type=FORM_CONTENT_TYPE
        )

        assert is_error_page_or_client_error(response)
        assert not model.objects.exists()


DASHBOARD_FORM_URLS = [
    "/cadmin/post/add/",
    "/cadmin/post/update/{pk}/",
    "/cadmin/category/add/",
    "/cadmin/tag/add/",
]


@pytest.mark.parametrize(
    ("url", "signed_in_first"),
    [
        *((url, False) for url in LOGIN_URLS),
        *((url, True) for url in LOGOUT_URLS),
        *((url, True) for url in DASHBOARD_FORM_URLS),
    ],
)
def test_body_over_the_upload_limit_is_a_400(client, author, saved_post, url, signed_in_first):
    if signed_in_first:
        client.force_login(author)
    too_big = b"junk=" + b"x" * django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = client.generic(
        "POST", url.format(pk=saved_post.pk), data=too_big, content_type=FORM_CONTENT_TYPE
    )

    assert response.status_code == 400
    if not signed_in_first:
        assert not signed_in(client)
    saved_post.refresh_from_db()
    assert (saved_post.title, saved_post.body) == ("Original title", "Original body.")
