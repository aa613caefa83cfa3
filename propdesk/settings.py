"""PropDesk settings: one file, driven by the environment.

Every value comes from an environment variable with a safe default for a
developer's machine. A value that cannot be parsed stops startup with a message
that names the variable, so a typo in production never silently falls back to a
default. The README lists every variable.
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from cryptography.fernet import Fernet
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of true/false/1/0/yes/no/on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_timezone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r}: not a known IANA time zone (e.g. Asia/Shanghai)"
        ) from None
    return value


def database_from_url(name: str, url: str) -> dict:
    """Parse postgres://user:password@host:port/dbname?sslmode=... into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name}={url!r}: only postgres:// URLs are supported (SQLite is the default)"
        )
    dbname = unquote(parsed.path.lstrip("/"))
    if not dbname:
        raise ImproperlyConfigured(
            f"{name}={url!r}: the URL names no database (postgres://user@host:5432/dbname)"
        )
    try:
        port = parsed.port
    except ValueError:
        raise ImproperlyConfigured(f"{name}={url!r}: the port is not a number") from None
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return {
        # Django's backend with a health check that needs no round trip (propdesk/core/dbbackend).
        "ENGINE": "propdesk.core.dbbackend",
        "NAME": dbname,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(port or ""),
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
        # Behind PgBouncer in transaction mode, server-side cursors do not survive between statements.
        "DISABLE_SERVER_SIDE_CURSORS": env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", False),
        "TEST": {"NAME": "test_" + dbname},
    }


VAR_DIR = Path(env_str("PROPDESK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _dev_secret(filename: str, make) -> str:
    """A secret generated once per checkout under var/, for development only."""
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
# Production: every secret must be given, and nothing simulated may run (sandbox payment accounts).
REQUIRE_SECRETS = env_bool("PROPDESK_REQUIRE_SECRETS", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("PROPDESK_REQUIRE_SECRETS", False):
        raise ImproperlyConfigured("SECRET_KEY is not set (required when PROPDESK_REQUIRE_SECRETS=true)")
    SECRET_KEY = _dev_secret("secret_key", lambda: secrets.token_urlsafe(50))

# Fernet key for personal data (ID numbers). Losing it makes them unreadable: back it up.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")
if not FIELD_ENCRYPTION_KEY:
    if env_bool("PROPDESK_REQUIRE_SECRETS", False):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY is not set (required when PROPDESK_REQUIRE_SECRETS=true)"
        )

    def _make_fernet_key() -> str:
        return Fernet.generate_key().decode()

    FIELD_ENCRYPTION_KEY = _dev_secret("field_encryption.key", _make_fernet_key)
try:
    Fernet(FIELD_ENCRYPTION_KEY.encode())
except Exception:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes)"
    ) from None
# The blind index key is separate from both keys above: rotating SECRET_KEY must not break look-ups of
# stored ID numbers, and the index must not help anyone decrypt. Changing it needs a re-index.
BLIND_INDEX_KEY = env_str("BLIND_INDEX_KEY")
if not BLIND_INDEX_KEY:
    if env_bool("PROPDESK_REQUIRE_SECRETS", False):
        raise ImproperlyConfigured("BLIND_INDEX_KEY is not set (required when PROPDESK_REQUIRE_SECRETS=true)")
    BLIND_INDEX_KEY = _dev_secret("blind_index.key", lambda: secrets.token_urlsafe(32))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "propdesk.core",
    "propdesk.registry",
    "propdesk.sla",
    "propdesk.notices",
    # Paid services sit above billing and the service desk; listed first so that their menu entries,
    # project-setup steps and demo steps keep the places they had when they were part of billing.
    "propdesk.paidservices",
    "propdesk.billing",
    "propdesk.servicedesk",
    "propdesk.frontdesk",
    "propdesk.portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "propdesk.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "propdesk.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "propdesk.core.middleware.CurrentProjectMiddleware",
    "propdesk.core.middleware.ControlCharacterMiddleware",
]

ROOT_URLCONF = "propdesk.urls"
WSGI_APPLICATION = "propdesk.wsgi.application"

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
                "propdesk.core.context_processors.shell",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url("DATABASE_URL", DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "propdesk.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the
                # busy timeout instead of failing with "database is locked" mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery, background work ------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r}: expected redis://host:port/db (or rediss://)")
_TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw1": one of `make test`'s parallel workers
if REDIS_URL and _TEST_WORKER.startswith("gw"):
    # The workers share the run's Redis, and a cache clear flushes a whole database (a test's clear would
    # drop another worker's throttles and queued tasks): worker N takes the database N after the run's.
    _base, _slash, _db = REDIS_URL.rpartition("/")
    REDIS_URL = f"{_base}/{(int(_db or 0) + int(_TEST_WORKER[2:])) % 16}"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# In-process scheduler for `make run` without Redis; `serve --no-scheduler` turns it off.
INPROCESS_SCHEDULER = env_bool("INPROCESS_SCHEDULER", not bool(REDIS_URL))
# Billing runs on PostgreSQL: batches run concurrently in this many threads, each with its own
# database connection (SQLite always uses one). More workers than cores only adds lock waits.
BILLING_RUN_WORKERS = env_int("BILLING_RUN_WORKERS", min(2, os.cpu_count() or 1), minimum=1)

# --- Auth ---------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["propdesk.core.backends.PositionPermissionBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "propdesk.core.passwords.ForbiddenWordsValidator"},
]
# Uploaded Excel workbooks (they hold ID numbers and phones) are kept encrypted this many days, then deleted.
IMPORT_FILE_RETENTION_DAYS = env_int("IMPORT_FILE_RETENTION_DAYS", 7, minimum=1)
# Words no password may contain, beside the product's name and every company's name and code
# (comma-separated, e.g. the brand of the residential area).
PASSWORD_FORBIDDEN_WORDS = env_list("PASSWORD_FORBIDDEN_WORDS", [])
# Login throttling: this many failures for one username or one address within the
# window locks further attempts for the rest of the window.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1)
# Behind a reverse proxy every request comes from the proxy's address; with this set, the client address is
# the last one the proxy appended to X-Forwarded-For (so throttling by address does not lock out everyone).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Served over HTTPS (SECURE_COOKIES on): plain-HTTP requests are redirected, and browsers are told to
# use HTTPS only (HSTS) for HSTS_SECONDS; include subdomains only when every subdomain has HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_COOKIES)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's and monitoring's liveness probe, on plain HTTP inside
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000 if SECURE_COOKIES else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response (core.middleware.SecurityHeadersMiddleware): scripts only
# from this site — the vendored htmx, Bootstrap and ECharts, and the product's own files, no inline
# script; inline style attributes stay allowed (Bootstrap's utilities and ECharts' SVG use them).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# --- I18N / time ----------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
# Each language named in itself (简体中文, English) in the language menu: Django's own names.
LANGUAGES = [(code, LANG_INFO[code]["name_local"]) for code in ("zh-hans", "en")]
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"LANGUAGE_CODE={LANGUAGE_CODE!r}: expected zh-hans or en")
LOCALE_PATHS = [BASE_DIR / "propdesk" / "locale"]
TIME_ZONE = env_timezone("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# Celery beat reads daily job times (e.g. the 18:30 digest) in the project time zone.
CELERY_TIMEZONE = TIME_ZONE
FORMAT_MODULE_PATH = ["propdesk.formats"]

# --- Static and media -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "propdesk.core.staticstorage.StaticStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # half the files to compress; pages link the hashed names
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# --- Email and SMS ------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "propdesk@localhost")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    # Without a mail server, mail is written to var/mail so nothing is lost and nothing leaves the machine.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
SMS_BACKEND = env_str("SMS_BACKEND", "sandbox")
if SMS_BACKEND not in {"sandbox"}:
    raise ImproperlyConfigured(f"SMS_BACKEND={SMS_BACKEND!r}: only 'sandbox' is available in this release")
# Enterprise WeChat (企业微信) for staff notifications: "sandbox" records what would be sent;
# "wecom" posts to the WeCom message/send API as the self-built application WECOM_AGENT_ID.
WECOM_BACKEND = env_str("WECOM_BACKEND", "sandbox")
if WECOM_BACKEND not in {"sandbox", "wecom"}:
    raise ImproperlyConfigured(f"WECOM_BACKEND={WECOM_BACKEND!r}: choose 'sandbox' or 'wecom'")
WECOM_CORP_ID = env_str("WECOM_CORP_ID")
WECOM_CORP_SECRET = env_str("WECOM_CORP_SECRET")
WECOM_AGENT_ID = env_int("WECOM_AGENT_ID", 0, minimum=0)
WECOM_API_URL = env_str("WECOM_API_URL", "https://qyapi.weixin.qq.com/cgi-bin")
if WECOM_BACKEND == "wecom" and not (WECOM_CORP_ID and WECOM_CORP_SECRET and WECOM_AGENT_ID):
    raise ImproperlyConfigured(
        "WECOM_BACKEND=wecom needs WECOM_CORP_ID, WECOM_CORP_SECRET and WECOM_AGENT_ID"
    )
# Besides the in-app bell (always), how staff are told of what they must act on (a dispatch, an SLA
# warning of their own): any of sms, wecom, email; a person without a phone / WeCom ID is skipped.
# How often the technician's phone page asks whether a notification arrived (seconds).
NOTICE_POLL_SECONDS = env_int("NOTICE_POLL_SECONDS", 20, minimum=1)
STAFF_NOTIFY_CHANNELS = env_list("STAFF_NOTIFY_CHANNELS", ["sms"])
if set(STAFF_NOTIFY_CHANNELS) - {"sms", "wecom", "email", "in_app"}:
    raise ImproperlyConfigured(
        f"STAFF_NOTIFY_CHANNELS={','.join(STAFF_NOTIFY_CHANNELS)!r}: use sms, wecom and/or email"
    )

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "propdesk.core.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "propdesk.core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "propdesk.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": env_str("API_LOGIN_THROTTLE", "10/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PropDesk API",
    "DESCRIPTION": "PropDesk, the property service center's customer service system."
    " Errors have the body {code, message, fields}.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "propdesk.core.api.schema.document_errors",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_AUTHENTICATION": [
        "rest_framework.authentication.SessionAuthentication",
        "propdesk.core.api.authentication.TokenAuthentication",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "ProjectKindEnum": "propdesk.core.choices.ProjectKind",
        "DepartmentKindEnum": "propdesk.core.choices.DepartmentKind",
        "PositionScopeEnum": "propdesk.core.choices.PositionScope",
        "UnitStatusEnum": "propdesk.registry.choices.UnitStatus",
        "UnitUseEnum": "propdesk.registry.choices.UnitUse",
        "PartyKindEnum": "propdesk.registry.choices.PartyKind",
        "ResidencyKindEnum": "propdesk.registry.choices.ResidencyKind",
        "CareKindEnum": "propdesk.registry.choices.CareKind",
        "LoanKindEnum": "propdesk.registry.choices.LoanKind",
        "RequestKindEnum": "propdesk.servicedesk.choices.RequestKind",
        "RequestStatusEnum": "propdesk.servicedesk.choices.RequestStatus",
        "RequestEventKindEnum": "propdesk.servicedesk.choices.EventKind",
        "HandOffStateEnum": "propdesk.servicedesk.choices.HandOffState",
        "PaymentMethodEnum": "propdesk.billing.choices.PaymentMethod",
        "RefundMethodEnum": "propdesk.billing.choices.RefundMethod",
        "DepositKindEnum": "propdesk.billing.choices.DepositKind",
        "ApprovalStatusEnum": "propdesk.billing.choices.HeatingStopStatus",
        "CounterMethodEnum": "propdesk.billing.choices.COUNTER_METHOD_CHOICES",
        "WalletMethodEnum": "propdesk.billing.choices.WALLET_METHOD_CHOICES",
        "PaymentOrderStatusEnum": "propdesk.billing.choices.OrderStatus",
        "PaymentOrderChannelEnum": "propdesk.billing.choices.OrderChannel",
        "RequestChannelEnum": "propdesk.servicedesk.choices.Channel",
        "CallbackMethodEnum": "propdesk.servicedesk.choices.CallbackMethod",
        "CallbackPlanKindEnum": "propdesk.servicedesk.choices.PlanKind",
        "SatisfactionEnum": "propdesk.servicedesk.choices.Satisfaction",
        "MeterKindEnum": "propdesk.billing.choices.MeterKind",
        "ReadingKindEnum": "propdesk.billing.choices.ReadingKind",
        "ReadingSourceEnum": "propdesk.billing.choices.ReadingSource",
        "NoticeCategoryEnum": "propdesk.frontdesk.choices.NoticeCategory",
        "DunningContactMethodEnum": "propdesk.billing.choices.ContactMethod",
        "DunningContactOutcomeEnum": "propdesk.billing.choices.ContactOutcome",
        "DunningCaseStatusEnum": "propdesk.billing.choices.CaseStatus",
        "NoticeBatchStatusEnum": "propdesk.billing.choices.BatchStatus",
        "ImportKindEnum": "propdesk.registry.choices.ImportKind",
    },
}

# --- Audit ------------------------------------------------------------------------------
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_ENABLED = True

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r}: expected DEBUG, INFO, WARNING or ERROR")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"client_errors": {"()": "propdesk.core.logfilters.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["client_errors"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Demo password for `load_demo` users (a development convenience, never used in production data).
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "propdesk123")

PROPDESK_NAV_SECTIONS = [
    ("frontdesk", _("Front desk")),
    ("servicedesk", _("Service desk")),
    ("engineering", _("Engineering")),
    ("finance", _("Finance")),
    ("renovation", _("Renovation")),
    ("inspections", _("Inspections")),
    ("reports", _("Reports")),
    ("settings", _("Settings")),
]
