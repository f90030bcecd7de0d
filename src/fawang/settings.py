"""Settings for Fawang, read from the environment (see README "Configuration")."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from fawang.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("FAWANG_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

ENV = env_str("FAWANG_ENV", "development")
if ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("FAWANG_ENV must be development, production or test")
PRODUCTION = ENV == "production"


def _dev_secret(filename: str, nbytes: int) -> str:
    """A secret kept under var/ for development and the demo; production must set it."""
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(nbytes))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("FAWANG_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("FAWANG_SECRET_KEY must be set when FAWANG_ENV=production")
    SECRET_KEY = _dev_secret("secret_key", 50)

# Key for personal data encrypted at rest (AES-256-GCM) and its blind indexes.
# 32 bytes, urlsafe base64. The demo generates one under var/.
FIELD_KEY = env_str("FAWANG_FIELD_KEY")
if not FIELD_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("FAWANG_FIELD_KEY must be set when FAWANG_ENV=production")
    FIELD_KEY = _dev_secret("field_key", 32)

DEBUG = env_bool("FAWANG_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("FAWANG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("FAWANG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "fawang.accounts",
    "fawang.regions",
    "fawang.network",
    "fawang.workorders",
    "fawang.dispatch",
    "fawang.legalaid",
    "fawang.hotline",
    "fawang.consult",
    "fawang.analytics",
    "fawang.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fawang.accounts.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "fawang.urls"
WSGI_APPLICATION = "fawang.wsgi.application"
ASGI_APPLICATION = "fawang.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'fawang.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("FAWANG_DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("bo", "བོད་ཡིག"),
    ("ii", "ꆈꌠꉙ"),
    ("en", "English"),
]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("FAWANG_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("FAWANG_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_pii": {"()": "fawang.lib.logging.MaskPersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_pii"]}},
    "root": {"handlers": ["console"], "level": env_str("FAWANG_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Two INFO lines per task (started, finished) would drown the worker's log; a
        # failed task is still logged, with its traceback, at ERROR.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Where citizens, agents and staff read the brand.
SITE_NAME = _("四川法网 · 公共法律服务平台")
HOTLINE_NUMBER = "12348"

# Dispatch: the intake channels whose new orders the worker routes by the rules at once;
# orders from the others (by default walk-ins) get their deadlines and are dispatched by
# hand. Comma-separated channel codes: walk_in, hotline, web, api, kiosk.
FAWANG_AUTO_ROUTE_CHANNELS = env_list(
    "FAWANG_AUTO_ROUTE_CHANNELS", ["hotline", "web", "api", "kiosk"]
)  # checked against the channel vocabulary by a system check (fawang.dispatch.checks)

# The site's public address, for links sent outside the site (the rating link in an SMS).
FAWANG_PUBLIC_URL = env_str("FAWANG_PUBLIC_URL", "http://127.0.0.1:8000")
if PRODUCTION and not FAWANG_PUBLIC_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "FAWANG_PUBLIC_URL must be the site's https:// address when FAWANG_ENV=production"
    )

# Notifications (see dispatch): the sender used for SMS / e-mail to requesters.
FAWANG_SMS_SENDER = env_str("FAWANG_SMS_SENDER", "fawang.dispatch.senders.ConsoleSender")

# Optional LLM backend for drafting consultation prose (off by default).
FAWANG_LLM_URL = env_str("FAWANG_LLM_URL")
FAWANG_LLM_MODEL = env_str("FAWANG_LLM_MODEL")

# workorders API (data): throttles of /api/v1 callers, "N/s|m|h|d" or "off".
FAWANG_API_ANON_RATE = env_str("FAWANG_API_ANON_RATE", "30/m")
FAWANG_API_AUTH_RATE = env_str("FAWANG_API_AUTH_RATE", "6000/m")

# web (staff console): every staff page reads the user's region (jurisdiction), so the
# session user is loaded with it in one query; sessions are read through the cache
# (several web processes therefore need REDIS_URL, as the rate limits already do).
AUTHENTICATION_BACKENDS = [
    "fawang.web.auth.JurisdictionBackend",
    "django.contrib.auth.backends.ModelBackend",  # sessions signed in before, tests
]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_FAILURE_VIEW = "fawang.web.views.csrf_failure"
