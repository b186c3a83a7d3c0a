"""Settings for The Great Django Blog, read from the environment.

Development needs no variables at all: SQLite under var/, a secret key generated once into
var/secret_key, and e-mail printed to the console. Production is DJANGO_DEBUG=0 plus
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (and optionally DATABASE_URL and EMAIL_URL).
Every security setting and how to tune it is listed in README.md, section "Security".
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from tgdb.secret_key import kept_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Read as it is: django-environ would treat a key starting with "$" (which Django's own key
# generator can produce) as the name of another variable.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Never fall back to a default key in production: sessions and reset links depend on it.
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = kept_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [],
)

INSTALLED_APPS = [
    # accounts comes before axes so that its audit receivers see a failed sign-in before axes
    # marks the request locked out (see accounts/audit.py).
    "accounts",
    "mfa",
    "usersessions",
    "throttle",
    "media",
    "blog",
    "editing",
    "revisions",
    "cadmin",
    "keptforms",
    "team",
    "review",
    "profiles",
    "tgdb.apps.AdminConfig",  # Django admin, signing in through the same two steps
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "tgdb",  # its runserver before WhiteNoise's, which it extends
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Names the request for code Django calls without it (the password gate, hash upgrades).
    "accounts.current_request.CurrentRequestMiddleware",
    # A password check that found every slot busy: the 503 "Sign-in is busy" page.
    "throttle.middleware.PasswordGateMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session: "last active" now and then, and the device cookie at sign-in.
    "usersessions.middleware.SessionActivityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accounts.middleware.RejectUndecodableFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An account that must have a second factor and has none reaches only the setup pages.
    "mfa.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tgdb.urls"
WSGI_APPLICATION = "tgdb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blog.meta.reader_meta",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # Write-ahead logging: readers never wait for a writer, and a commit costs one sync
        # instead of three, still durable (synchronous stays FULL). Writers queue for the lock
        # from the start of a transaction instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Django's backend, with a request's turn set aside while it waits for the write lock or
    # the disk (tgdb/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "tgdb.sqlite"
    # Test runs use a database in memory, as they do with Django's own SQLite backend (left
    # unsaid, pytest-django would take another engine's database for a server's).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
# Keep connections open between requests (opening one costs more than a page's queries), and
# check one before reusing it, so a restarted database costs one reconnect, not a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("TGDB_DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -------------------------------------------------------------------
# With REDIS_URL, the cache is shared by every app server, and sessions are cached_db: read
# from Redis, always written to the database too, so a Redis outage signs nobody out.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "tgdb.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer must not hold a request for long.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis, a cache in files under var/ that every worker on this machine shares, so
    # the anonymous page cache (blog/page_cache.py) is the same for all of them; kept
    # uncompressed, as pages are read far more often than written (tgdb/file_cache.py).
    CACHES = {
        "default": {
            "BACKEND": "tgdb.file_cache.UncompressedFileCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
    }
# Sites that share a cache (one Redis, or the same var/ folder) with another database, such
# as the benchmark beside a development server, must never see each other's pages.
CACHES["default"]["KEY_PREFIX"] = hashlib.sha256(
    str(DATABASES["default"]["NAME"]).encode()
).hexdigest()[:12]
# How long an anonymous reader page may be served from the cache; any change to the content
# replaces it at once, so this only bounds how long an unused page takes space.
TGDB_PAGE_CACHE_SECONDS = env.int("TGDB_PAGE_CACHE_SECONDS", default=300)

# --- Writing ------------------------------------------------------------------------------
# A deleted post stays in the trash this long, restorable, before `manage.py purge_trash`
# deletes it for good.
TGDB_TRASH_DAYS = env.int("TGDB_TRASH_DAYS", default=30)

# --- The post editor: autosave and "also editing" (editing/) -------------------------------
# The editor sends its draft to the author's autosave slot this many seconds after typing stops.
TGDB_AUTOSAVE_SECONDS = env.float("TGDB_AUTOSAVE_SECONDS", default=2.0)
# An open editor says so every this many seconds; someone not heard from for 2.5 times as long
# is no longer "also editing".
TGDB_EDITING_PING_SECONDS = env.int("TGDB_EDITING_PING_SECONDS", default=20)
if TGDB_AUTOSAVE_SECONDS <= 0 or TGDB_EDITING_PING_SECONDS < 1:
    raise ImproperlyConfigured("TGDB_AUTOSAVE_SECONDS and TGDB_EDITING_PING_SECONDS must be > 0.")

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out attempt outright
    "accounts.backends.UsernameOrEmailBackend",
]

# Argon2id first (its parameters and their cost: throttle/hashers.py); an older hash, PBKDF2 or
# Argon2 with other parameters, is upgraded when its owner next signs in.
PASSWORD_HASHERS = [
    "throttle.hashers.GatedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# Password checks at once per worker process for browsers an account does not know; the rest
# wait this many seconds at most (each between half of it and all of it), then get a 503.
# Known browsers have a slot of their own (throttle/gate.py). CPU niceness (Linux): known
# browsers' checks keep the worker's, page threads are TGDB_PAGE_NICE (throttle/priority.py),
# and unknown browsers' checks are hashed in processes at TGDB_PASSWORD_CHECK_NICE
# (throttle/hashing_process.py).
TGDB_PASSWORD_CHECKS_PER_WORKER = env.int("TGDB_PASSWORD_CHECKS_PER_WORKER", default=1)
TGDB_PASSWORD_CHECK_WAIT_SECONDS = env.float("TGDB_PASSWORD_CHECK_WAIT_SECONDS", default=2.0)
TGDB_PAGE_NICE = env.int("TGDB_PAGE_NICE", default=5)
TGDB_PASSWORD_CHECK_NICE = env.int("TGDB_PASSWORD_CHECK_NICE", default=19)
# Threads per gunicorn worker (deploy/gunicorn.conf.py reads it too): all but four of them may
# wait for a password check, so pages always have threads.
TGDB_THREADS = env.int("TGDB_THREADS", default=32)
# A worker whose resident memory passes this many MB is replaced once its requests are done
# (tgdb/worker_memory.py); 0: never for its memory.
TGDB_WORKER_MAX_MEMORY_MB = env.int("TGDB_WORKER_MAX_MEMORY_MB", default=512)
# Requests whose views run at once in a worker, the others waiting their turn in the order
# they came; one that waits longer than TGDB_TURN_WAIT_SECONDS goes ahead (throttle/turns.py).
TGDB_REQUESTS_AT_ONCE_PER_WORKER = env.int("TGDB_REQUESTS_AT_ONCE_PER_WORKER", default=1)
TGDB_TURN_WAIT_SECONDS = env.float("TGDB_TURN_WAIT_SECONDS", default=0.25)
if min(TGDB_PASSWORD_CHECKS_PER_WORKER, TGDB_THREADS, TGDB_REQUESTS_AT_ONCE_PER_WORKER) < 1:
    raise ImproperlyConfigured(
        "TGDB_PASSWORD_CHECKS_PER_WORKER, TGDB_THREADS and TGDB_REQUESTS_AT_ONCE_PER_WORKER"
        " must be >= 1."
    )
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env.int("TGDB_PASSWORD_RESET_MINUTES", default=60) * 60

# Sessions end when the browser closes unless "remember me" was ticked at sign-in.
SESSION_COOKIE_AGE = env.int("TGDB_REMEMBER_ME_DAYS", default=14) * 24 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Forms kept across sign-in (keptforms/) -----------------------------------------------
# A dashboard form sent after its author's session ended (or with a stale CSRF token) is kept
# this many hours, bound to the browser that sent it, and shown again after sign-in.
TGDB_KEPT_FORM_HOURS = env.int("TGDB_KEPT_FORM_HOURS", default=24)
# Keeping one more than this drops the browser's oldest; an address past its limit is refused.
TGDB_KEPT_FORMS_PER_BROWSER = env.int("TGDB_KEPT_FORMS_PER_BROWSER", default=20)
TGDB_KEPT_FORMS_PER_IP = env.int("TGDB_KEPT_FORMS_PER_IP", default=100)
CSRF_FAILURE_VIEW = "keptforms.csrf.csrf_failure"

# --- Second factors (mfa/) ------------------------------------------------------------------
# The team (team/): an invitation's link lasts TGDB_INVITATION_DAYS; with TGDB_OPEN_SIGNUP=1
# anyone may register as a Contributor once their address is confirmed, at most
# TGDB_SIGNUPS_PER_IP an hour from one network.
TGDB_INVITATION_DAYS = env.int("TGDB_INVITATION_DAYS", default=7)
TGDB_OPEN_SIGNUP = env.bool("TGDB_OPEN_SIGNUP", default=False)
TGDB_SIGNUPS_PER_IP = env.int("TGDB_SIGNUPS_PER_IP", default=5)
# A new e-mail address takes effect once its owner follows the link sent to it (profiles/).
TGDB_EMAIL_CONFIRM_DAYS = env.int("TGDB_EMAIL_CONFIRM_DAYS", default=3)
# Each request e-mails the new address and the old one: this many requests per account per hour.
TGDB_EMAIL_CHANGES_PER_HOUR = env.int("TGDB_EMAIL_CHANGES_PER_HOUR", default=3)

# Who must have a second factor (mfa/policy.py): "none"; "staff" (Django staff, superusers,
# Editors and Administrators: everyone who can change others' work); "all"; or a role's name,
# "contributor", "author", "editor" or "administrator": that role and the ones above it.
TGDB_REQUIRE_2FA = env.str("TGDB_REQUIRE_2FA", default="none" if DEBUG else "staff")
if TGDB_REQUIRE_2FA not in {
    "none",
    "staff",
    "all",
    "contributor",
    "author",
    "editor",
    "administrator",
}:
    raise ImproperlyConfigured(
        "TGDB_REQUIRE_2FA must be none, staff or all. It may also name a role (contributor, "
        "author, editor or administrator): that role and the ones above it."
    )
# "Trust this browser" on the second step lasts this many days; 0 turns the offer off.
TGDB_TRUST_BROWSER_DAYS = env.int("TGDB_TRUST_BROWSER_DAYS", default=30)
# The second step must be finished within this many minutes and wrong codes.
TGDB_SECOND_STEP_MINUTES = env.int("TGDB_SECOND_STEP_MINUTES", default=5)
TGDB_SECOND_STEP_ATTEMPTS = env.int("TGDB_SECOND_STEP_ATTEMPTS", default=5)
# A sensitive change needs a sign-in or a "confirm it is you" within this many minutes.
TGDB_CONFIRM_MINUTES = env.int("TGDB_CONFIRM_MINUTES", default=10)
# Passkeys belong to a host name (the relying party id), never to an IP address.
TGDB_WEBAUTHN_RP_ID = env.str(
    "TGDB_WEBAUTHN_RP_ID",
    default="localhost" if DEBUG else next(iter(ALLOWED_HOSTS), "").lstrip("."),
)
OTP_TOTP_ISSUER = "The Great Django Blog"
OTP_WEBAUTHN_RP_ID = TGDB_WEBAUTHN_RP_ID
OTP_WEBAUTHN_RP_NAME = "The Great Django Blog"
# The site's own HTTPS origin; a page served at another port of the same host name (a
# development server, a test server) is accepted too, see mfa.passkeys.SiteWebAuthnHelper.
OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"https://{TGDB_WEBAUTHN_RP_ID}"]
OTP_WEBAUTHN_HELPER_CLASS = "mfa.passkeys.SiteWebAuthnHelper"
# Authenticator exceptions are answered as 4xx with a message; the details go to this log.
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "mfa.passkeys"

# --- Brute-force lockout (django-axes: accounts/lockout.py, throttle/lockout.py) ----------
TGDB_LOCKOUT_ENABLED = env.bool("TGDB_LOCKOUT_ENABLED", default=True)
if not DEBUG and not TGDB_LOCKOUT_ENABLED:
    raise ImproperlyConfigured("TGDB_LOCKOUT_ENABLED=0 is for private test machines only.")
TGDB_LOCKOUT_USER_FAILURES = env.int("TGDB_LOCKOUT_USER_FAILURES", default=5)
TGDB_LOCKOUT_IP_FAILURES = env.int("TGDB_LOCKOUT_IP_FAILURES", default=30)
TGDB_LOCKOUT_MINUTES = env.int("TGDB_LOCKOUT_MINUTES", default=15)
# Browsers without the account's device cookie, from every address together: this many
# failures per username in this many minutes (throttle/counters.py).
TGDB_LOCKOUT_USERNAME_FAILURES = env.int("TGDB_LOCKOUT_USERNAME_FAILURES", default=10)
TGDB_LOCKOUT_USERNAME_MINUTES = env.int("TGDB_LOCKOUT_USERNAME_MINUTES", default=60)
# A browser carrying the account's device cookie has a limit of its own, per TGDB_LOCKOUT_MINUTES.
TGDB_LOCKOUT_KNOWN_BROWSER_FAILURES = env.int("TGDB_LOCKOUT_KNOWN_BROWSER_FAILURES", default=5)
AXES_ENABLED = TGDB_LOCKOUT_ENABLED
AXES_COOLOFF_TIME = timedelta(minutes=TGDB_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "throttle.lockout.KnownBrowserHandler"  # pair, IP, username, known browsers
AXES_FAILURE_LIMIT = "accounts.lockout.failure_limit"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lockout do not extend it: "paused for 15 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # accounts.AccountEvent is the audit trail

# --- Password-reset e-mail (accounts/reset_limits.py) ------------------------------------
# Per hour: e-mails one address may be sent, and reset requests one IP may make.
TGDB_RESET_EMAILS_PER_ADDRESS = env.int("TGDB_RESET_EMAILS_PER_ADDRESS", default=3)
TGDB_RESET_REQUESTS_PER_IP = env.int("TGDB_RESET_REQUESTS_PER_IP", default=20)

# --- E-mail -------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587; the console in development.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="The Great Django Blog <blog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that accepts the connection and then says nothing must not hold the sender
# forever: the attempt fails after this many seconds and is tried again later.
EMAIL_TIMEOUT = env.int("TGDB_EMAIL_TIMEOUT", default=20)

# --- Background tasks: e-mail is sent off the request path (accounts/mail.py) -------------
# "database": requests queue e-mail in the database and `manage.py db_worker` sends it, so a
# slow or dead mail server never holds a request (production). "immediate": sent at once,
# inside the request, so development needs no worker.
TGDB_TASKS_BACKEND = env.str("TGDB_TASKS_BACKEND", default="immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TGDB_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("TGDB_TASKS_BACKEND must be immediate or database.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TGDB_TASKS_BACKEND]}}
# The queue's tables exist whichever backend runs, so switching backends needs no migration.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
# A failed delivery is tried again after TGDB_EMAIL_RETRY_SECONDS, then after twice as long
# each time (at most an hour), TGDB_EMAIL_ATTEMPTS attempts in all: about two hours by default.
TGDB_EMAIL_ATTEMPTS = env.int("TGDB_EMAIL_ATTEMPTS", default=8)
TGDB_EMAIL_RETRY_SECONDS = env.int("TGDB_EMAIL_RETRY_SECONDS", default=60)

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start without it

# --- Pictures (media/) ---------------------------------------------------------------------
# Every file is made by us from an upload (media/encoding.py) and served by the app
# (media/serving.py), from the local disk under var/media/ unless told otherwise.
MEDIA_ROOT = env.path("TGDB_MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"
# "s3": a bucket every app server and task worker shares (django-storages).
TGDB_MEDIA_STORAGE = env.str("TGDB_MEDIA_STORAGE", default="filesystem")
if TGDB_MEDIA_STORAGE == "filesystem":
    # A name is its content's digest, so writing a name again writes the same bytes: never
    # a second name ("…_a1b2c3d.jpg") that media/serving.py would not serve.
    _MEDIA_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "allow_overwrite": True},
    }
elif TGDB_MEDIA_STORAGE == "s3":
    _S3_OPTIONS = {
        # A file's name is its content's digest: the same name is the same bytes, and a name
        # made unique ("…_a1b2c3d.jpg") would be one media/serving.py does not serve.
        "file_overwrite": True,
        # The bucket stays private: files go out only through media/serving.py, which asks the
        # database whether the picture is still live, so no object gets a public or signed link.
        "default_acl": None,
        "querystring_auth": False,
    }
    # Read as they are (a secret may start with "$", see SECRET_KEY). A blank endpoint is
    # Amazon's; blank keys leave boto3 to find credentials itself (AWS_* variables, a role).
    for _option, _variable in {
        "bucket_name": "TGDB_S3_BUCKET",
        "endpoint_url": "TGDB_S3_ENDPOINT_URL",
        "region_name": "TGDB_S3_REGION",
        "access_key": "TGDB_S3_ACCESS_KEY_ID",
        "secret_key": "TGDB_S3_SECRET_ACCESS_KEY",
    }.items():
        if os.environ.get(_variable):
            _S3_OPTIONS[_option] = os.environ[_variable]
    if "bucket_name" not in _S3_OPTIONS:
        raise ImproperlyConfigured("TGDB_MEDIA_STORAGE=s3 needs TGDB_S3_BUCKET, the bucket's name.")
    _MEDIA_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _S3_OPTIONS}
else:
    raise ImproperlyConfigured(
        f"TGDB_MEDIA_STORAGE must be filesystem (under TGDB_MEDIA_ROOT) or s3, not "
        f"{TGDB_MEDIA_STORAGE!r}."
    )
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The limits of an upload: its size, its pixels (a small file may claim an enormous picture),
# an animation's frames, and how many a person may upload in an hour.
TGDB_UPLOAD_MAX_MB = env.int("TGDB_UPLOAD_MAX_MB", default=20)
TGDB_UPLOAD_MAX_MEGAPIXELS = env.int("TGDB_UPLOAD_MAX_MEGAPIXELS", default=80)
TGDB_UPLOAD_MAX_FRAMES = env.int("TGDB_UPLOAD_MAX_FRAMES", default=300)
TGDB_UPLOADS_PER_HOUR = env.int("TGDB_UPLOADS_PER_HOUR", default=100)
if min(TGDB_UPLOAD_MAX_MB, TGDB_UPLOAD_MAX_MEGAPIXELS, TGDB_UPLOAD_MAX_FRAMES) < 1:
    raise ImproperlyConfigured(
        "TGDB_UPLOAD_MAX_MB, TGDB_UPLOAD_MAX_MEGAPIXELS and TGDB_UPLOAD_MAX_FRAMES must be >= 1."
    )

# --- Proxies ------------------------------------------------------------------------------
# How many reverse proxies stand in front of the app. 0: REMOTE_ADDR is the client and
# X-Forwarded-* headers are ignored, since any client can forge them.
TGDB_TRUSTED_PROXIES = env.int("TGDB_TRUSTED_PROXIES", default=0)
if TGDB_TRUSTED_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging ------------------------------------------------------------------------------
# To stderr, which gunicorn, systemd and containers collect, and which keeps the stdout of
# management commands clean for scripts (`make serve` merges both into stdout).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("TGDB_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Security headers and cookies ---------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.bool("TGDB_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe app servers over plain HTTP
SECURE_HSTS_SECONDS = env.int("TGDB_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("TGDB_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("TGDB_HSTS_PRELOAD", default=True)

# Content-Security-Policy (django-csp): only this site's own scripts and styles;
# images may also come over HTTPS from elsewhere (Markdown posts link them). No inline
# script anywhere, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],  # posts may show images hosted elsewhere
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
