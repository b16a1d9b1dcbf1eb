"""Django settings for Bangkom, read from BANGKOM_* environment variables.

Every variable is listed with its default in `.env.example` and in the README.
Production-only safety (secret key, DEBUG, allowed hosts, secure cookies) is
enforced by the system check in `bangkom/common/checks.py`, not by a separate
settings module.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bangkom.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("BANGKOM_DATA_DIR", "./var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("BANGKOM_DEBUG", default=False)


def _secret_key() -> str:
    """Return the configured key; in development generate one and keep it in DATA_DIR."""
    key = env_secret("BANGKOM_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "BANGKOM_SECRET_KEY (or BANGKOM_SECRET_KEY_FILE) is required when BANGKOM_DEBUG is off"
        )
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "BANGKOM_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("BANGKOM_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env_str("BANGKOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "bangkom.common",
    "bangkom.accounts",
    "bangkom.notifications",
    "bangkom.planning",
    "bangkom.curriculum",
    "bangkom.learning",
    "bangkom.assessments",
    "bangkom.progression",
    "bangkom.certificates",
    "bangkom.finance",
    "bangkom.live",
    "bangkom.evaluation",
    "bangkom.reports",
    "bangkom.audit",
    "bangkom.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bangkom.audit.middleware.AuditContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bangkom.common.middleware.UserTimezoneMiddleware",
    "bangkom.common.middleware.NoStoreMiddleware",
    "bangkom.common.middleware.ApiErrorShapeMiddleware",
    "bangkom.accounts.middleware.AccessPolicyMiddleware",
    "bangkom.common.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bangkom.urls"
WSGI_APPLICATION = "bangkom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bangkom.accounts.context_processors.roles",
                "bangkom.notifications.context_processors.unread_notifications",
            ],
        },
    },
]


# --- Database -----------------------------------------------------------------------------
# SQLite is the embedded default: WAL lets readers run beside the writer, the busy timeout
# makes writers queue instead of failing, and IMMEDIATE transactions take the write lock at
# BEGIN so two read-then-write transactions cannot deadlock (RELIABILITY.md control 4).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"),
}


def _database() -> dict:
    url = env_str("BANGKOM_DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "bangkom.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    config = dj_database_url.parse(
        url,
        conn_max_age=env_int("BANGKOM_DB_CONN_MAX_AGE", default=600),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = SQLITE_OPTIONS
    elif "postgresql" not in config["ENGINE"]:
        raise ImproperlyConfigured("BANGKOM_DATABASE_URL must be a sqlite:// or postgres:// URL")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Accounts and security ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "bangkom.accounts.passwords.MaximumLengthValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "bangkom.accounts.backends.NipBackend",
]

# django-axes: the lockout is keyed on the NIP alone, so a classroom sharing one NAT address is
# never locked out as a whole (RELIABILITY.md L4); state lives in the database, shared by nodes.
AXES_FAILURE_LIMIT = env_int("BANGKOM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("BANGKOM_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "bangkom.accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "bangkom.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks to add the IP address to the lockout key; a whole classroom behind one
    # NAT address would then be locked out by one person's typos (RELIABILITY.md L4).
    "axes.W006",
    # models.W040: SQLite ignores the included (non-key) columns of a covering index; the
    # index still works there, and PostgreSQL uses the covering part (progression.JpCredit).
    "models.W040",
]

API_TOKEN_TTL = timedelta(hours=env_int("BANGKOM_API_TOKEN_TTL_HOURS", default=12))
ACCOUNT_ACTIVATION_TIMEOUT = 3 * 24 * 3600
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("BANGKOM_SESSION_HOURS", default=12) * 3600
CSRF_COOKIE_SAMESITE = "Lax"
if DEBUG:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
else:
    # Served over HTTPS: the __Host- prefix pins the cookie to this host and path.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("BANGKOM_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("BANGKOM_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("BANGKOM_HSTS_PRELOAD", default=True)
if env_bool("BANGKOM_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}


# --- Internationalisation and time ---------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True  # every instant is stored in UTC (DOMAIN.md §5.1)
TIME_ZONE = "Asia/Jakarta"  # only the display default; users see their own zone
FORMAT_MODULE_PATH = ["bangkom.formats"]


# --- Files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_SCAN_HOOK = env_str("BANGKOM_UPLOAD_SCAN_HOOK", "")  # dotted path; see common/uploads.py
# Reference endpoints for bench/exam_load.py (a bare hello and an unauthenticated upsert).
BENCH_ENDPOINTS = env_bool("BANGKOM_BENCH_ENDPOINTS", default=False)
# Answers arriving this long after the deadline are still accepted (RELIABILITY.md decision 1).
EXAM_GRACE_SECONDS = env_int("BANGKOM_EXAM_GRACE_SECONDS", default=15)
# How stale a process's view of item exposure may get before a start re-reads it
# (assessments/pool.py): exposure only orders equally good candidates.
EXAM_EXPOSURE_REFRESH_SECONDS = env_int("BANGKOM_EXAM_EXPOSURE_REFRESH_SECONDS", default=10)
MAX_IMPORT_UPLOAD_MB = env_int("BANGKOM_MAX_IMPORT_UPLOAD_MB", default=20)
MAX_SUBMISSION_MB = env_int("BANGKOM_MAX_SUBMISSION_MB", default=20)
MAX_DOCUMENT_MB = env_int("BANGKOM_MAX_DOCUMENT_MB", default=50)
MAX_VIDEO_MB = env_int("BANGKOM_MAX_VIDEO_MB", default=500)
# Survey results appear only in aggregate, from this many responses on (issue 8, anonymity).
SURVEY_MIN_RESPONSES = env_int("BANGKOM_SURVEY_MIN_RESPONSES", default=5)
# Impact surveys go to alumni and their supervisors this many weeks after certification.
IMPACT_SURVEY_WEEKS = env_int("BANGKOM_IMPACT_SURVEY_WEEKS", default=12)
# Media on S3-compatible object storage (pip install "bangkom[s3]") when a bucket is named.
S3_BUCKET = env_str("BANGKOM_S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("BANGKOM_S3_ENDPOINT_URL") or None,
            "access_key": env_secret("BANGKOM_S3_ACCESS_KEY") or None,
            "secret_key": env_secret("BANGKOM_S3_SECRET_KEY") or None,
            "region_name": env_str("BANGKOM_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    # Media is then served from signed object-storage URLs: let pages load it from there.
    _media_origin = env_str("BANGKOM_S3_PUBLIC_ORIGIN") or (
        env_str("BANGKOM_S3_ENDPOINT_URL") or f"https://{S3_BUCKET}.s3.amazonaws.com"
    )
    for _directive in ("media-src", "img-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(_media_origin.rstrip("/"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20


# --- Email -----------------------------------------------------------------------------------
EMAIL_HOST = env_str("BANGKOM_EMAIL_HOST")
EMAIL_PORT = env_int("BANGKOM_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env_str("BANGKOM_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("BANGKOM_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("BANGKOM_EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("BANGKOM_DEFAULT_FROM_EMAIL", "Bangkom <noreply@localhost>")
# Without an SMTP host, mail is printed to the console (development).
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)


# --- Background tasks ----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Imports larger than this many bytes run in the db_worker with a progress bar.
IMPORT_BACKGROUND_THRESHOLD_BYTES = env_int(
    "BANGKOM_IMPORT_BACKGROUND_THRESHOLD_BYTES", default=200_000
)


# --- Logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BANGKOM_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
