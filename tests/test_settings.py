"""Settings come from the environment; each case runs in a fresh Python process."""

import subprocess
from pathlib import Path

import pytest

from tests.processes import REPO_ROOT, manage, printed_json, run

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DB_NAME": str(settings.DATABASES["default"]["NAME"]),
    "DB_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "EMAIL": [
        settings.EMAIL_BACKEND,
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        settings.EMAIL_HOST_USER,
        settings.EMAIL_HOST_PASSWORD,
        settings.EMAIL_USE_TLS,
    ],
}))
"""


def settings_seen_with(**variables: str) -> dict:
    result = run(["-c", PRINT_SETTINGS], **variables)
    assert result.returncode == 0, result.stderr
    return printed_json(result)


@pytest.fixture
def database_url(tmp_path) -> tuple[str, Path]:
    path = tmp_path / "x.sqlite3"
    return f"sqlite:///{path}", path


def test_production_without_a_secret_key_refuses_to_start():
    result = manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.com")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "System check identified" not in result.stdout


def test_production_settings_come_from_the_environment():
    seen = settings_seen_with(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-production-key-from-the-environment-0123456789",
        DJANGO_ALLOWED_HOSTS="example.com,www.example.com",
    )

    assert seen["DEBUG"] is False
    assert seen["SECRET_KEY"] == "a-production-key-from-the-environment-0123456789"
    assert seen["ALLOWED_HOSTS"] == ["example.com", "www.example.com"]


def test_without_any_variables_it_is_development_with_sqlite_in_var():
    seen = settings_seen_with()

    assert seen["DEBUG"] is True
    assert seen["SECRET_KEY"]
    assert seen["DB_ENGINE"] == "tgdb.sqlite"
    assert Path(seen["DB_NAME"]).parent == REPO_ROOT / "var"


def test_database_url_chooses_the_database_file(database_url):
    url, path = database_url

    seen = settings_seen_with(DATABASE_URL=url)
    result = manage("migrate", "--noinput", DATABASE_URL=url)

    assert seen["DB_NAME"] == str(path)
    assert result.returncode == 0, result.stderr
    assert path.is_file()
    assert path.stat().st_size > 0


def test_createsuperuser_from_the_environment_can_sign_in(database_url):
    url, _path = database_url
    assert manage("migrate", "--noinput", DATABASE_URL=url).returncode == 0

    created = manage(
        "createsuperuser",
        "--noinput",
        DATABASE_URL=url,
        DJANGO_SUPERUSER_USERNAME="chief",
        DJANGO_SUPERUSER_EMAIL="chief@example.com",
        DJANGO_SUPERUSER_PASSWORD="a-long-superuser-passphrase",
    )
    signed_in = run(
        [
            "-c",
            "import django; django.setup();"
            "from django.contrib.auth import authenticate;"
            "from django.test import RequestFactory;"
            "req = RequestFactory().post('/cadmin/login/');"
            "user = authenticate(req, username='chief', password='a-long-superuser-passphrase');"
            "wrong = authenticate(req, username='chief', password='not-the-passphrase');"
            "print(user.is_superuser, user.email, wrong)",
        ],
        DATABASE_URL=url,
    )

    assert created.returncode == 0, created.stderr
    assert signed_in.returncode == 0, signed_in.stderr
    assert signed_in.stdout.split() == ["True", "chief@example.com", "None"]


def test_development_secret_key_is_generated_once_and_kept_out_of_git():
    first, second = settings_seen_with(), settings_seen_with()
    key_file = REPO_ROOT / "var" / "secret_key"

    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert key_file.read_text().strip() == first["SECRET_KEY"]
    ignored = subprocess.run(  # noqa: S603 - fixed arguments
        ["git", "check-ignore", "-q", str(key_file)],  # noqa: S607 - git from PATH
        cwd=REPO_ROOT,
        check=False,
    )
    assert ignored.returncode == 0


def test_development_prints_e_mail_to_the_console():
    seen = settings_seen_with()

    assert seen["EMAIL"][0] == "django.core.mail.backends.console.EmailBackend"


def test_email_url_sends_e_mail_through_that_smtp_server():
    seen = settings_seen_with(EMAIL_URL="smtp+tls://mailer:s3cret@smtp.example.com:587")

    assert seen["EMAIL"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        587,
        "mailer",
        "s3cret",
        True,
    ]
