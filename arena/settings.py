"""Arena's one settings module, driven by environment variables.

Embedded default (nothing set): SQLite in ./var, the in-memory channel layer,
DEBUG off, a secret key made on first run and kept in the data folder
(DATA_DIR/secret_key). Production profile: DATABASE_URL (PostgreSQL),
REDIS_URL (channels-redis), DJANGO_SECRET_KEY (required), DJANGO_ALLOWED_HOSTS.
DJANGO_DEBUG=1 turns DEBUG on in either.
"""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(int(default))).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("ARENA_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Off unless asked for: with DEBUG on, a mistyped URL shows every URL pattern.
DEBUG = envbool("DJANGO_DEBUG", False)
# The production profile is PostgreSQL (DATABASE_URL, read again below).
PRODUCTION = bool(os.environ.get("DATABASE_URL", ""))
# pytest-django imports these settings in the test process, whose client talks
# plain HTTP and renders static URLs without collectstatic.
TESTING = "pytest" in sys.modules
# Deployed: the production profile with DEBUG off, outside the tests. Only then
# HTTPS is enforced (redirect, secure cookies, HSTS), static files are the
# collected, hashed ones, and DJANGO_SECRET_KEY is required.
DEPLOYED = PRODUCTION and not DEBUG and not TESTING


def data_dir_secret_key(path: Path) -> str:
    """The embedded default's own secret key: made on first run, then read.

    Written to a private temporary file (mode 0600) and linked into place, so
    two processes starting at once (server and worker) agree on one key and
    no one reads a half-written file.
    """
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_urlsafe(50).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:  # another process was first: use its key
            pass
        finally:
            tmp.unlink(missing_ok=True)
    key = path.read_text().strip()
    if len(key) < 50:
        raise ImproperlyConfigured(f"{path} holds no usable secret key: delete it for a new one")
    return key


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEPLOYED:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set in the production profile (DATABASE_URL)"
        )
    SECRET_KEY = data_dir_secret_key(DATA_DIR / "secret_key")

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("ARENA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "channels",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "arena.apps.ArenaConfig",
    "sessions.apps.ProgrammeConfig",
    "proposals.apps.ProposalsConfig",
    "reports.apps.ReportsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compress HTML: a phone on venue Wi-Fi loads the wall in well under 60 KB
    # (Django pads compressed responses against BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files need no policy; every app response gets one.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "arena.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Messages added during an htmx request go out in its response (#messages).
    "arena.htmx_messages.HtmxMessagesMiddleware",
    "arena.middleware.BadInputMiddleware",  # NUL in the path or query: 400
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Permissions-Policy; Cache-Control: no-store for staff and participants.
    "arena.middleware.SecurityHeadersMiddleware",
    # Login throttling (django-axes): turns a lockout into its page (429).
    # Inside it only the sync htmx middleware, so the chain stays sync.
    "axes.middleware.AxesMiddleware",
    "arena.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "arena.urls"
# Form templates are overridden in templates/django/forms/ (design-system markup).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ASGI_APPLICATION = "arena.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # {{ csp_nonce }}: only Django's admin uses it (SECURE_CSP).
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Django's PostgreSQL connection pool (psycopg-pool), one per worker process,
    # and no persistent connections: under ASGI every request runs in a fresh
    # thread, so CONN_MAX_AGE kept one idle connection per thread (44 after 20
    # phones; "too many clients already" in 50-way bursts). Requests now borrow
    # one of a few pooled connections and give it back when they end. 4 workers
    # x ARENA_DB_POOL_MAX (12) + the task worker stay well under PostgreSQL's
    # default max_connections (100). ARENA_DB_POOL_MAX=0: no pool.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if envint("ARENA_DB_POOL_MAX", 12) > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": envint("ARENA_DB_POOL_MIN", 2),
            "max_size": envint("ARENA_DB_POOL_MAX", 12),
            # A request waits this long (seconds) for a free connection, then fails.
            "timeout": envint("ARENA_DB_POOL_TIMEOUT", 10),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("ARENA_SQLITE_PATH", str(DATA_DIR / "arena.sqlite3")),
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # IMMEDIATE + WAL + busy timeout: concurrent writers queue
                # instead of failing with "database is locked" (TECH-NOTES).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
                ),
            },
            "TEST": {"NAME": os.environ.get("ARENA_TEST_SQLITE_PATH") or None},
        }
    }

# --- Channels -------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 caps an async pool at 100 connections; raise it
                # or large fan-outs fail with MaxConnectionsError (TECH-NOTES).
                "hosts": [{"address": REDIS_URL, "max_connections": 1000}],
                "prefix": os.environ.get("ARENA_CHANNEL_PREFIX", "arena"),
                "capacity": 1500,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Cache (rate limits and coalescing; see arena.ratelimit) -------------------
# One process in the embedded default: local memory is shared by all of it. In
# the production profile the workers must share their counts: Redis.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("ARENA_CHANNEL_PREFIX", "arena") + ":cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Part of every rate-limit key; tests give each test its own so counts never leak.
ARENA_RATELIMIT_SALT = ""

# --- Background tasks -----------------------------------------------------
# Django's tasks framework with a database queue: `manage.py db_worker` runs
# them (scripts/run.sh and scripts/prod.sh start one). ARENA_TASKS_IMMEDIATE=1
# runs tasks inline instead (used by unit tests).
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if envbool("ARENA_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Password guessing (django-axes), on the login page and the admin's alike:
# after AXES_FAILURE_LIMIT failures for one account from one address, that
# pair waits AXES_COOLOFF_TIME (another phone at the venue's one address, or
# the account from elsewhere, is not locked out). Attempts are counted in the
# database, so every worker process sees them. A success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("ARENA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("ARENA_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "arena.login_throttle.lockout_response"  # 429, translated
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# --- I18n -----------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats per language (arena/formats): British English, not American.
FORMAT_MODULE_PATH = ["arena.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("ARENA_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("ARENA_MEDIA_ROOT", DATA_DIR / "media"))
# Deployed (or with ARENA_COLLECTED_STATIC=1, e.g. bench.phone_weight): the
# hashed, pre-compressed files that collectstatic put in STATIC_ROOT. Otherwise
# (the embedded default, DEBUG on, the tests) WhiteNoise serves static/ through
# the finders, DEBUG on or off, with no collectstatic step.
COLLECTED_STATIC = envbool("ARENA_COLLECTED_STATIC", DEPLOYED)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if COLLECTED_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC
# Autorefresh looks files up per request (DEBUG: edits show at once; tests: no
# scan of every static file each time a test client starts).
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
if not COLLECTED_STATIC and not WHITENOISE_AUTOREFRESH:
    # WhiteNoise also scans STATIC_ROOT, and warns at start-up when it is missing.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Arena ----------------------------------------------------------------
# How long a participant's signed token stays valid (seconds).
PARTICIPANT_TOKEN_MAX_AGE = envint("ARENA_PARTICIPANT_TOKEN_MAX_AGE", 60 * 60 * 24 * 400)
# How long an invitation link can be accepted (seconds).
INVITATION_MAX_AGE = envint("ARENA_INVITATION_MAX_AGE", 60 * 60 * 24 * 30)
# Joining and posting under a flood of fresh phones (issue 9). All from the
# venue's one address, so the limits are per arena, never per address: the
# real morning is 150-200 people joining over a 15-30-minute welcome (peaks of
# ~150 a minute), then posting in the circle. arena.participants.join,
# proposals.services.post_topic.
ARENA_JOIN_LIMIT = envint("ARENA_JOIN_LIMIT", 200)  # new participants per arena per window
ARENA_JOIN_WINDOW = envint("ARENA_JOIN_WINDOW", 60)  # seconds
# A "newcomer" has no persona yet, or joined less than this many seconds ago.
ARENA_NEWCOMER_SECONDS = envint("ARENA_NEWCOMER_SECONDS", 30)
# Topics from newcomers, all of them together, per arena per window (a flood of
# fresh identities gets at most this into the queue; people with a persona who
# joined earlier are limited only per participant).
ARENA_NEWCOMER_TOPIC_LIMIT = envint("ARENA_NEWCOMER_TOPIC_LIMIT", 20)
ARENA_NEWCOMER_TOPIC_WINDOW = envint("ARENA_NEWCOMER_TOPIC_WINDOW", 60)  # seconds
# ... and at most this many per 10 minutes: a flood that the server takes
# minutes to answer (2 cores, one address firing 1,000 fresh identities) still
# puts at most 2 x 50 topics in the queue, wherever the windows fall.
ARENA_NEWCOMER_TOPIC_LIMIT_LONG = envint("ARENA_NEWCOMER_TOPIC_LIMIT_LONG", 50)
ARENA_NEWCOMER_TOPIC_WINDOW_LONG = envint("ARENA_NEWCOMER_TOPIC_WINDOW_LONG", 600)  # seconds
# The same for comments on the input wall, dots in the vote and sign-up seats
# (reports.inputwall.services post_comment and place_dot, sessions.signups.
# sign_up): newcomers together, per arena. The room comments, votes and signs
# up after the welcome, its personas made, so it never spends from these; only
# phones without a persona (and anyone in the seconds after joining) do. Fixed
# windows: a burst across a window's end gets at most twice a limit in.
ARENA_NEWCOMER_COMMENT_LIMIT = envint("ARENA_NEWCOMER_COMMENT_LIMIT", 20)
ARENA_NEWCOMER_COMMENT_WINDOW = envint("ARENA_NEWCOMER_COMMENT_WINDOW", 60)  # seconds
ARENA_NEWCOMER_COMMENT_LIMIT_LONG = envint("ARENA_NEWCOMER_COMMENT_LIMIT_LONG", 50)
ARENA_NEWCOMER_COMMENT_WINDOW_LONG = envint("ARENA_NEWCOMER_COMMENT_WINDOW_LONG", 600)  # seconds
ARENA_NEWCOMER_DOT_LIMIT = envint("ARENA_NEWCOMER_DOT_LIMIT", 10)
ARENA_NEWCOMER_DOT_WINDOW = envint("ARENA_NEWCOMER_DOT_WINDOW", 60)  # seconds
ARENA_NEWCOMER_DOT_LIMIT_LONG = envint("ARENA_NEWCOMER_DOT_LIMIT_LONG", 30)
ARENA_NEWCOMER_DOT_WINDOW_LONG = envint("ARENA_NEWCOMER_DOT_WINDOW_LONG", 600)  # seconds
ARENA_NEWCOMER_SIGNUP_LIMIT = envint("ARENA_NEWCOMER_SIGNUP_LIMIT", 10)
ARENA_NEWCOMER_SIGNUP_WINDOW = envint("ARENA_NEWCOMER_SIGNUP_WINDOW", 60)  # seconds
ARENA_NEWCOMER_SIGNUP_LIMIT_LONG = envint("ARENA_NEWCOMER_SIGNUP_LIMIT_LONG", 30)
ARENA_NEWCOMER_SIGNUP_WINDOW_LONG = envint("ARENA_NEWCOMER_SIGNUP_WINDOW_LONG", 600)  # seconds

# The archive's search documents of an arena are rebuilt at most once per this
# many seconds, in a thread after the saves (reports.archive.receivers); 0:
# at once, in the saving request.
ARENA_ARCHIVE_DELAY = float(os.environ.get("ARENA_ARCHIVE_DELAY", 2))

# --- Security (production profile) ----------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django.middleware.csp): nothing inline. Arena's
# templates have no inline script, <style> or style="" (tests/trust/
# test_hardening.py scans them); colours and bars are SVG attributes. The
# nonce is only for Django's admin, which marks its few inline blocks with
# {% csp_nonce_attr %}; it is added to the header only on pages that use it.
# connect-src 'self' covers the same origin's ws:/wss: (CSP level 3).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-src": [CSP.NONE],
    "worker-src": [CSP.NONE],
    "manifest-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Request bodies other than uploaded files: the longest real form (a group
# report with every section full) is well under this. Larger: 413 with a page
# that says so (arena.views.bad_request); files have their own limit in
# arena.images.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
if DEPLOYED:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ARENA_LOG_LEVEL", "WARNING")},
}

SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a commitment for the whole domain; operators opt in with
    # DJANGO_HSTS_PRELOAD=1 rather than Arena deciding it for them.
    "security.W021",
]
