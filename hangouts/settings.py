"""Settings for Hangouts, read from environment variables.

With no variable set, the app runs for development on SQLite. Production sets at least
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and SMTP_URL (see README). A bad value stops the start
with a message that names the variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_env(name: str = "DATABASE_URL") -> dict[str, Any]:
    """SQLite (WAL, IMMEDIATE, busy timeout) unless DATABASE_URL names PostgreSQL."""
    url = os.environ.get(name, "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    if not url.startswith(("postgres://", "postgresql://", "sqlite:///")):
        raise ImproperlyConfigured(
            f"{name} must look like postgresql://user:password@host/db or sqlite:////path/db.sqlite3."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A connection pool per process; Django requires CONN_MAX_AGE 0 with it.
        config.update(
            CONN_MAX_AGE=0, OPTIONS={"pool": {"min_size": 1, "max_size": 8, "timeout": 10}}
        )
        return config
    config.update(
        # Persistent connections avoid a WAL checkpoint on every request and task.
        CONN_MAX_AGE=600,
        CONN_HEALTH_CHECKS=True,
        OPTIONS={
            # BEGIN IMMEDIATE waits for the busy timeout instead of failing with "database is
            # locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 5,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA cache_size=-20000;"
                "PRAGMA temp_store=MEMORY;"
            ),
        },
        TEST={"NAME": os.environ.get("SQLITE_TEST_PATH") or None},
    )
    return config


def mailer_from_env(name: str = "SMTP_URL") -> dict[str, Any]:
    """smtp://user:password@host:587 (STARTTLS), smtps://…:465 (TLS); none: mail to the console."""
    url = os.environ.get(name, "").strip()
    if not url:
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must look like smtp://user:password@host:587, not {url!r}."
        )
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a bad port: {url!r}.") from None
    options: dict[str, Any] = {"host": parts.hostname, "port": port, "timeout": 20}
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    if parts.scheme == "smtps":
        options["use_ssl"] = True
    elif port != 25 and parts.hostname not in {"localhost", "127.0.0.1", "::1"}:
        options["use_tls"] = True
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


DEBUG = env_bool("DJANGO_DEBUG", default=not os.environ.get("DJANGO_SECRET_KEY"))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdefghij"  # noqa: S105
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names.")
# The address that links in emails and WhatsApp messages point to.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "SITE_URL must be the site's address, as in https://hangouts.example.org."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "hangouts.accounts",
    "hangouts.network",
    "hangouts.programme",
    "hangouts.participation",
    "hangouts.outreach",
    "hangouts.ops",
    "hangouts.awards",
    "hangouts.library",
    "hangouts.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hangouts.network.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "hangouts.urls"
WSGI_APPLICATION = "hangouts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["django.templatetags.i18n", "hangouts.lib.templatetags"],
        },
    },
]

DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Shared by all web processes, so rate limits hold across gunicorn workers.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hangouts_cache",
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}
# The worker's periodic jobs (hangouts/ops/housekeeping.py): dotted paths, run in this order.
WORKER_HOUSEKEEPING: list[str] = [
    # Dispatch first: the sweep then sends what dispatching queued, in the same round.
    "hangouts.outreach.announcements.dispatch_due_announcements",
    "hangouts.outreach.outbox.sweep",
]
HOUSEKEEPING_SECONDS = 60

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "network:choose"
LOGOUT_REDIRECT_URL = "network:choose"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

# Lao first. Django ships no Lao: register it, and ship compiled catalogues (ours in locale/,
# Django's own strings in locale_django_lo/, kept apart so makemessages never touches them).
django.conf.locale.LANG_INFO["lo"] = {
    "bidi": False,
    "code": "lo",
    "name": "Lao",
    "name_local": "ລາວ",
}
LANGUAGE_CODE = "lo"
LANGUAGES = [("lo", _("Lao")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django_lo"]
FORMAT_MODULE_PATH = ["hangouts.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Vientiane"
LANGUAGE_COOKIE_NAME = "hangouts_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Backups (`manage.py backup`, docs/install.md): where, and how many to keep.
BACKUP_DIR = Path(
    os.environ.get("BACKUP_DIR", "").strip()
    or (
        Path(DATABASES["default"]["NAME"]).parent / "backups"
        if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        else BASE_DIR / "backups"
    )
)
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
# Uploads above this go to a temporary file, not memory (library slides, reports, rosters).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Library slides (PDF/PPTX): the largest file accepted, in MB (hangouts/library/forms.py).
LIBRARY_MAX_UPLOAD_MB = env_int("LIBRARY_MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

MAILERS = {"default": mailer_from_env()}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hangouts <hangouts@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Zoom through its API (a Server-to-Server OAuth app), an optional meeting provider: with any of
# the three credentials empty, Zoom is not configured and organisers are told so.
ZOOM_ACCOUNT_ID = os.environ.get("ZOOM_ACCOUNT_ID", "").strip()
ZOOM_CLIENT_ID = os.environ.get("ZOOM_CLIENT_ID", "").strip()
ZOOM_CLIENT_SECRET = os.environ.get("ZOOM_CLIENT_SECRET", "").strip()
ZOOM_API_URL = os.environ.get("ZOOM_API_URL", "").strip() or "https://api.zoom.us/v2"
ZOOM_OAUTH_URL = os.environ.get("ZOOM_OAUTH_URL", "").strip() or "https://zoom.us/oauth/token"
# The Zoom app's webhook "Secret Token" (Features → Event subscriptions): it signs every event
# posted to /zoom/webhook/ (live joins). Empty: the webhook is off and answers 403.
ZOOM_WEBHOOK_SECRET = os.environ.get("ZOOM_WEBHOOK_SECRET", "").strip()

# WhatsApp Cloud API, an optional channel for individual reminders to members who opted in: off
# unless WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID are set. The webhook (opt-out replies,
# delivery failures) needs WHATSAPP_APP_SECRET (to check Meta's signature) and
# WHATSAPP_VERIFY_TOKEN (any long random text, given to Meta when subscribing the webhook).
WHATSAPP_TOKEN = os.environ.get("WHATSAPP_TOKEN", "").strip()
WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID", "").strip()
WHATSAPP_APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET", "").strip()
WHATSAPP_VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN", "").strip()
WHATSAPP_API_URL = (
    os.environ.get("WHATSAPP_API_URL", "").strip() or "https://graph.facebook.com/v23.0"
)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# bench/load.py measures pages against a bare view at /bench/bare, routed only with this on.
BENCH_BARE_VIEW = env_bool("HANGOUTS_BENCH_VIEW", default=False)

# The reverse proxies whose X-Forwarded-For names the client (hangouts/ops/wsgi.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])

if not DEBUG:
    # Behind Caddy, which sets X-Forwarded-Proto and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only a signal of eligibility: nothing happens until someone submits the domain.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    CSRF_TRUSTED_ORIGINS = [SITE_URL]

# Rate limits: (attempts, seconds) per client address.
RATE_LIMITS = {
    "password_sign_in": (5, 15 * 60),
    "sign_in_link_request": (5, 15 * 60),
    "sign_in_link_use": (20, 15 * 60),
    "phone_identification": (10, 15 * 60),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Paths carry sign-in and personal link tokens: no log line for a refused or expired link
    # (4xx), only for server errors, and those name the URL pattern, not the path.
    "filters": {"no_paths": {"()": "hangouts.ops.logs.NoPaths"}},
    "loggers": {
        "django.request": {"level": "ERROR", "filters": ["no_paths"]},
        "django.server": {"level": "ERROR", "filters": ["no_paths"]},
    },
}
