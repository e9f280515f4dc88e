"""Settings of KMB, read from environment variables (see .env.example)."""

from __future__ import annotations

import datetime as _dt
import json
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR / "src") not in sys.path:
    sys.path.insert(0, str(BASE_DIR / "src"))

from kmb.core.env import EnvError, env_bool, env_int, env_list, env_str  # noqa: E402

DEBUG = env_bool("KMB_DEBUG", False)
TESTING = "pytest" in sys.modules or env_bool("KMB_TESTING", False)

SECRET_KEY = env_str("KMB_SECRET_KEY")
# Without a key, tooling (migrations, checks) runs with a throw-away one; serving refuses
# (config/wsgi.py and `manage.py serve` check KMB_SECRET_KEY_MISSING).
KMB_SECRET_KEY_MISSING = False
if not SECRET_KEY:
    if DEBUG or TESTING or env_bool("KMB_DEMO", False):
        SECRET_KEY = "kmb-insecure-key-for-local-demo-and-tests-only-0123456789"
    else:
        SECRET_KEY = secrets.token_urlsafe(50)
        KMB_SECRET_KEY_MISSING = True

ALLOWED_HOSTS = env_list("KMB_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("KMB_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("KMB_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# IRI of the publisher of the open data (an OVM in the register of rights and duties),
# written into the DCAT-AP-CZ metadata; the open-data page itself when not set.
KMB_OPEN_DATA_PUBLISHER = env_str("KMB_OPEN_DATA_PUBLISHER", "")
KMB_SITE_URL_SET = bool(env_str("KMB_SITE_URL").strip())
KMB_DEMO = env_bool("KMB_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our own static files (CSP)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    # kmb.core before django_tasks_db: its `db_worker` (with a heartbeat) takes precedence
    "kmb.core",
    "django_tasks",
    "django_tasks_db",
    "kmb.accounts",
    "kmb.audit",
    "kmb.cases",
    "kmb.network",
    "kmb.portal",
    "kmb.benefits",
    "kmb.stats",
    "kmb.housing",
    "kmb.privacy",
    "kmb.register",
    "kmb.demo",
    "kmb.lettings",
    "kmb.appointments",
]

MIDDLEWARE = [
    "kmb.core.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kmb.core.middleware.UnstorableInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kmb.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "kmb.accounts.context_processors.staff_context",
            ],
        },
    },
]

_default_db = f"sqlite:///{BASE_DIR / 'var' / 'kmb.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL") or _default_db,
            conn_max_age=env_int("KMB_DB_CONN_MAX_AGE", 60, minimum=0),
        )
    }
except ValueError as exc:
    raise EnvError(f"DATABASE_URL is not a database URL we understand: {exc}") from None
# A streaming replica of the primary (optional): the statistics pages, their exports and
# the open data read their figures from it (kmb.core.replica); all else uses the primary.
_replica_url = env_str("DATABASE_REPLICA_URL").strip()
if _replica_url:
    try:
        DATABASES["replica"] = dj_database_url.parse(
            _replica_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    except ValueError as exc:
        raise EnvError(
            f"DATABASE_REPLICA_URL is not a database URL we understand: {exc}") from None
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise EnvError("DATABASE_REPLICA_URL must be the same kind of database as "
                       "DATABASE_URL (a replica of it).")
if "pytest" in sys.modules:
    # Tests read "the replica" through a second connection to the test database.
    DATABASES["replica"] = {**DATABASES.get("replica", DATABASES["default"]),
                            "TEST": {"MIRROR": "default"}}
for _db in DATABASES.values():
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
DATABASE_ROUTERS = ["kmb.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("KMB_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("KMB_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "kmb.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("KMB_SESSION_SECONDS", 8 * 3600, minimum=300)
SESSION_COOKIE_SECURE = env_bool("KMB_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("KMB_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # the server-drawn charts (pygal) carry their own <style>, allowed by the nonce
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English")), ("uk", _("Ukrainian"))]
STAFF_LANGUAGES = ["cs", "en"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["kmb.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (flat photos): kept through Django's storage API, never served as static
# files; the application serves them to allowed users only.
_MEDIA = Path(env_str("KMB_MEDIA_ROOT", "var/media"))
MEDIA_ROOT = _MEDIA if _MEDIA.is_absolute() else BASE_DIR / _MEDIA
MEDIA_URL = "/media-not-public/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = TESTING

EMAIL_BACKEND = env_str("KMB_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("KMB_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("KMB_EMAIL_PORT", 1025, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("KMB_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("KMB_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KMB_EMAIL_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("KMB_EMAIL_FROM", "KMB <kmb@localhost>")

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("KMB_TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

OTP_TOTP_ISSUER = "KMB"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("KMB_LOG_LEVEL", "INFO")},
    "loggers": {
        # request paths can carry search terms; keep them out of the logs
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Headers every answer carries: no browser feature a page could misuse.
KMB_PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                          "magnetometer=(), microphone=(), payment=(), usb=()")

# "default" stays per process (short-lived counters); "stats" holds the rendered bodies of
# the statistics page, written by the worker and read by every web process, so it lives
# in the database (table made by `manage.py createcachetable`, which `make migrate` runs).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "stats": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
              "LOCATION": "kmb_stats_cache", "TIMEOUT": 26 * 3600,
              "OPTIONS": {"MAX_ENTRIES": 5000}},
}

KMB_DEMO_PASSWORD = env_str("KMB_DEMO_PASSWORD", "kmb-demo")
KMB_PAGE_SIZE = env_int("KMB_PAGE_SIZE", 25, minimum=5, maximum=200)
# How long the lead's dashboard counters of an office are kept before they are counted again.
KMB_OVERVIEW_CACHE_SECONDS = env_int("KMB_OVERVIEW_CACHE_SECONDS", 60, minimum=0, maximum=3600)
KMB_API_TOKEN_HOURS = env_int("KMB_API_TOKEN_HOURS", 12, minimum=1, maximum=24 * 30)
# Requests for a consultation the public portal accepts from one IP address per hour
# (behind a proxy, the proxy must pass the client's address as REMOTE_ADDR).
KMB_PORTAL_REQUESTS_PER_HOUR = env_int("KMB_PORTAL_REQUESTS_PER_HOUR", 5, minimum=1,
                                       maximum=1000)
# Failed logins (web and API, any user names) from one IP address within the lock-out time
# before that address is refused for a while: stops trying one password on many accounts.
KMB_LOGIN_IP_FAILURE_LIMIT = env_int("KMB_LOGIN_IP_FAILURE_LIMIT", 30, minimum=1)
# Password-reset e-mails per hour: to one address, and asked for from one IP address.
KMB_PASSWORD_RESETS_PER_HOUR = env_int("KMB_PASSWORD_RESETS_PER_HOUR", 3, minimum=1)
KMB_PASSWORD_RESETS_PER_HOUR_IP = env_int("KMB_PASSWORD_RESETS_PER_HOUR_IP", 10, minimum=1)

# The background worker: how often it reports that it is alive, after how many seconds
# without a report its running tasks count as abandoned, and how often such a task is run
# again before it is marked failed.
KMB_WORKER_HEARTBEAT_SECONDS = env_int("KMB_WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
KMB_WORKER_LEASE_SECONDS = env_int("KMB_WORKER_LEASE_SECONDS", 60, minimum=2)
KMB_TASK_MAX_ATTEMPTS = env_int("KMB_TASK_MAX_ATTEMPTS", 3, minimum=1, maximum=20)
# Daily jobs the workers run, once a day however many workers run (see kmb.core.jobs):
# name -> the function and the local time from which it is due. KMB_DAILY_JOBS=off leaves
# them to cron (the management commands of the same names).
# A JSON object in the same shape replaces the list (e.g. other times of day).
KMB_DAILY_JOBS = {
    "privacy_retention": {"call": "kmb.privacy.services.retention_run", "at": "02:15"},
    "referrals_expire": {"call": "kmb.network.services.referrals_expire", "at": "06:00"},
    "register_reminders": {"call": "kmb.register.reminders.reminders_send", "at": "07:00"},
    # advisers' digests of the day and residents' reminders of tomorrow's appointments
    "appointments_daily": {"call": "kmb.appointments.tasks.daily_run", "at": "06:30"},
    # municipal flats: lapse reminders and lapses, offers whose window passed, new rules
    "lettings_daily": {"call": "kmb.lettings.reminders.daily", "at": "05:00"},
    # The statistics pages of the new day (their periods end with the current one).
    "stats_refresh": {"call": "kmb.stats.page.refresh", "at": "00:05"},
}
_daily_jobs = env_str("KMB_DAILY_JOBS", "on").strip()
if _daily_jobs.lower() in ("off", "0", "false"):
    KMB_DAILY_JOBS = {}
elif _daily_jobs.startswith("{"):
    try:
        KMB_DAILY_JOBS = json.loads(_daily_jobs)
        for _job in KMB_DAILY_JOBS.values():
            _dt.time.fromisoformat(_job.get("at", "00:00"))
            if not isinstance(_job["call"], str):
                raise TypeError(_job["call"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise EnvError("KMB_DAILY_JOBS must be on, off or a JSON object "
                       '{"name": {"call": "dotted.path", "at": "HH:MM"}}') from None
# E-mail that cannot be delivered is tried again after this many seconds, doubling each
# time, up to the number of attempts; then the person who caused it is told.
KMB_MAIL_RETRY_SECONDS = env_int("KMB_MAIL_RETRY_SECONDS", 60, minimum=1)
KMB_MAIL_MAX_ATTEMPTS = env_int("KMB_MAIL_MAX_ATTEMPTS", 6, minimum=1, maximum=20)
# Days a sent (or given-up) message is kept in the outbox; its text is personal data.
KMB_MAIL_KEEP_DAYS = env_int("KMB_MAIL_KEEP_DAYS", 30, minimum=1)
# Households a benefits batch estimates at once (less uses less memory).
KMB_BENEFIT_BATCH_CHUNK = env_int("KMB_BENEFIT_BATCH_CHUNK", 2500, minimum=1)
# Follow-ups of a new tenancy, in months after the lease starts (comma-separated).
try:
    KMB_HOUSING_FOLLOWUP_MONTHS = sorted({int(m) for m in env_list(
        "KMB_HOUSING_FOLLOWUP_MONTHS", ["3", "6", "12"])})
except ValueError as exc:
    raise EnvError("KMB_HOUSING_FOLLOWUP_MONTHS must be whole numbers of months, "
                   "e.g. 3,6,12") from exc
# Days an owner's link to a proposal stays valid.
KMB_HOUSING_LINK_DAYS = env_int("KMB_HOUSING_LINK_DAYS", 30, minimum=1, maximum=365)
# Municipal flats: how long a registration lasts (the applicant is reminded a month
# before), how many offers an applicant may be interested in at once, how long an offer
# stays open for interest, and how long an applicant's e-mailed links stay valid.
KMB_LETTINGS_REGISTRATION_MONTHS = env_int("KMB_LETTINGS_REGISTRATION_MONTHS", 12, minimum=1,
                                           maximum=120)
KMB_LETTINGS_MAX_INTERESTS = env_int("KMB_LETTINGS_MAX_INTERESTS", 3, minimum=1, maximum=50)
KMB_LETTINGS_OFFER_WINDOW_DAYS = env_int("KMB_LETTINGS_OFFER_WINDOW_DAYS", 7, minimum=1,
                                         maximum=90)
KMB_LETTINGS_LINK_HOURS = env_int("KMB_LETTINGS_LINK_HOURS", 24, minimum=1, maximum=24 * 14)
# Days to complete an incomplete application (the default the office can change).
KMB_LETTINGS_COMPLETE_DAYS = env_int("KMB_LETTINGS_COMPLETE_DAYS", 30, minimum=1, maximum=365)

# Appointments: how SMS reminders leave ("console": only logged, "file": written to
# KMB_SMS_FILE_DIR, or the dotted path of a gateway backend class, see README.md), and the
# days after an appointment that a booking without a client record keeps its contact data.
KMB_SMS_BACKEND = env_str("KMB_SMS_BACKEND", "console")
_SMS_DIR = Path(env_str("KMB_SMS_FILE_DIR", "var/sms"))
KMB_SMS_FILE_DIR = _SMS_DIR if _SMS_DIR.is_absolute() else BASE_DIR / _SMS_DIR
KMB_APPOINTMENT_CONTACT_KEEP_DAYS = env_int("KMB_APPOINTMENT_CONTACT_KEEP_DAYS", 30,
                                            minimum=1)

# The controller of the personal data this deployment holds (GDPR art. 30 record and the
# portal's privacy notice): usually the municipality that runs the contact point(s).
KMB_CONTROLLER = {
    "name": env_str("KMB_CONTROLLER_NAME"),
    "id": env_str("KMB_CONTROLLER_ID"),
    "address": env_str("KMB_CONTROLLER_ADDRESS"),
    "email": env_str("KMB_CONTROLLER_EMAIL"),
    "data_box": env_str("KMB_CONTROLLER_DATA_BOX"),
}
# The data protection officer (pověřenec), mandatory for public authorities (art. 37).
KMB_DPO = {
    "name": env_str("KMB_DPO_NAME"),
    "email": env_str("KMB_DPO_EMAIL"),
    "phone": env_str("KMB_DPO_PHONE"),
}
# Processors (hosting, backups, support), comma-separated, for the art. 30 record.
KMB_PROCESSORS = env_list("KMB_PROCESSORS", [])
