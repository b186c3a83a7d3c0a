"""Production hardening: deploy checks, the secret key, HTTPS, security headers and the CSP.

Production flags are decided when settings are imported, so those cases run in a fresh
Python process with DJANGO_DEBUG=0; the CSP promises about our own pages run in-process.
"""

import json
from html.parser import HTMLParser

import pytest
from django.core.management.utils import get_random_secret_key

from accounts.models import AccountEvent
from tests.factories import PostFactory
from tests.processes import manage, printed_json, run

HOST = "blog.example.com"
HSTS = "max-age=31536000; includeSubDomains; preload"
NO_ISSUES = "System check identified no issues (0 silenced)."

# Runs in the production process: fetch each (path, secure, host) and print what came back.
FETCH_SCRIPT = """
import json
import sys

import django

django.setup()
from django.test import Client

answers = []
for path, secure, host in json.loads(sys.argv[1]):
    response = Client(raise_request_exception=False).get(path, secure=secure, HTTP_HOST=host)
    answers.append({
        "status": response.status_code,
        "headers": dict(response.headers),
        "text": response.content.decode(),
    })
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """The variables of a production deployment with a migrated throw-away database."""
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    variables = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": get_random_secret_key(),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{database}",
    }
    migrated = manage("migrate", "--noinput", **variables)
    assert migrated.returncode == 0, migrated.stderr
    return variables


def fetch(variables: dict, requests: list[tuple[str, bool, str]], **overrides: str) -> list[dict]:
    result = run(["-c", FETCH_SCRIPT, json.dumps(requests)], **{**variables, **overrides})
    assert result.returncode == 0, result.stderr
    return printed_json(result)


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


class TestDeployment:
    def test_deploy_check_finds_no_issues_and_no_warnings(self, production):
        result = manage("check", "--deploy", **production)

        assert result.returncode == 0
        assert (result.stdout + result.stderr).strip() == NO_ISSUES

    def test_a_generated_key_starting_with_a_dollar_sign_is_used_as_given(self, production):
        key = "$" + get_random_secret_key()[1:]
        script = "import django; django.setup(); from django.conf import settings; "
        script += "print(settings.SECRET_KEY)"

        result = run(["-c", script], **{**production, "DJANGO_SECRET_KEY": key})

        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == key


MANAGE_COMMANDS = {
    "check": ["check"],
    "migrate": ["migrate", "--noinput"],
    "shell": [
        "shell",
        "-c",
        "from django.conf import settings; print('key:', settings.SECRET_KEY)",
    ],
    "prune_account_activity": ["prune_account_activity"],
    "createsuperuser": ["createsuperuser", "--noinput", "--username", "chief"],
}


class TestMissingSecretKey:
    @pytest.mark.parametrize("command", MANAGE_COMMANDS.values(), ids=MANAGE_COMMANDS.keys())
    @pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
    def test_production_refuses_every_command_and_names_the_variable(
        self, tmp_path, command, secret_key
    ):
        variables = {
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
        if secret_key is not None:
            variables["DJANGO_SECRET_KEY"] = secret_key

        result = manage(*command, **variables)

        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "DJANGO_SECRET_KEY" in result.stderr
        # Nothing ran: no check passed, no shell code printed a key, least of all a default one.
        assert "System check" not in result.stdout
        assert "key:" not in result.stdout
        assert "Operations to perform" not in result.stdout


PAGES = ["/", "/?page=2", "/login/", "/cadmin/login/", "/cadmin/", "/admin/login/", "/nowhere/"]


class TestHttps:
    def test_every_page_over_http_is_redirected_to_https(self, production):
        answers = fetch(production, [(page, False, HOST) for page in PAGES])

        for page, answer in zip(PAGES, answers, strict=True):
            assert answer["status"] == 301, page
            assert answer["headers"]["Location"] == f"https://{HOST}{page}"

    def test_pages_over_https_carry_every_security_header(self, production):
        pages = ["/", "/login/", "/cadmin/login/", "/admin/login/"]

        answers = fetch(production, [(page, True, HOST) for page in pages])

        for page, answer in zip(pages, answers, strict=True):
            headers = answer["headers"]
            assert answer["status"] == 200, page
            assert headers["Strict-Transport-Security"] == HSTS
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["Referrer-Policy"] == "same-origin"
            assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
            assert headers["X-Content-Type-Options"] == "nosniff"
            policy = headers["Content-Security-Policy"]
            assert csp_directives(policy)["script-src"] == ["'self'"]
            assert "'unsafe-inline'" not in policy
            assert "'unsafe-eval'" not in policy

    def test_hsts_seconds_zero_turns_hsts_off(self, production):
        [answer] = fetch(production, [("/", True, HOST)], TGDB_HSTS_SECONDS="0")

        assert answer["status"] == 200
        assert "Strict-Transport-Security" not in answer["headers"]

    @pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
    def test_an_unknown_host_gets_our_400_page(self, production, secure):
        [answer] = fetch(production, [("/login/", secure, "evil.example.net")])

        assert answer["status"] == 400
        assert "That request could not be read" in answer["text"]
        assert '<a class="site-name" href="/">The Great Django Blog</a>' in answer["text"]
        assert "evil.example.net" not in answer["text"]


class CspOffences(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, event handlers, inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.offences: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower() for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.offences.append("inline <script>")
        if tag == "style":
            self.offences.append("inline <style>")
        self.offences += [f"{tag} {name}=" for name in names if name.startswith("on")]
        if "style" in names:
            self.offences.append(f"{tag} style=")


def csp_offences(html: str) -> list[str]:
    parser = CspOffences()
    parser.feed(html)
    parser.close()
    return parser.offences


def test_the_offence_finder_spots_each_kind_of_inline_code():
    html = '<script>x()</script><p style="a" onclick="b"></p><style></style><script src="/s.js">'

    assert sorted(csp_offences(html)) == [
        "inline <script>",
        "inline <style>",
        "p onclick=",
        "p style=",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/login/", "/cadmin/login/", "/admin/login/"])
def test_every_page_carries_a_csp_without_unsafe_inline(client, url):
    response = client.get(url)

    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert csp_directives(policy)["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


# Markdown whose plain rendering would carry inline styles (aligned table cells) and handlers.
RICH_BODY = """
| Left | Right |
|:-----|------:|
| a    | b     |

<p style="color: red" onclick="alert(1)">styled</p><script>alert(2)</script>

![picture](https://example.com/a.png)
"""


@pytest.mark.django_db
def test_no_page_has_inline_script_event_handlers_or_style_attributes(client, author):
    post = PostFactory(author=author, body=RICH_BODY)
    AccountEvent.objects.create(kind=AccountEvent.Kind.SIGNED_IN, door="blog", user=author)
    anonymous_pages = ["/", post.get_absolute_url(), "/login/", "/cadmin/login/"]
    signed_in_pages = [
        "/",
        post.get_absolute_url(),
        "/cadmin/",
        "/cadmin/password-change/",
        "/cadmin/password-reset/",
        "/cadmin/activity/",
    ]

    seen = {}
    for url in anonymous_pages:
        seen[f"anonymous {url}"] = client.get(url)
    client.force_login(author)
    for url in signed_in_pages:
        seen[f"signed in {url}"] = client.get(url)

    for name, response in seen.items():
        assert response.status_code == 200, name
        assert csp_offences(response.text) == [], name
