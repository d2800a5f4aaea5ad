"""Callidarity's one settings module: every knob is an environment variable with a safe default.

The README lists every variable. Production (DEBUG off) refuses a missing or weak SECRET_KEY and
refuses the payment sandbox unless PAYMENTS_SANDBOX=1 says so explicitly.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from callidarity.core.env import env_bool, env_int, env_list, env_str
from callidarity.core.keys import BadKeys, FieldKeys, check_keys, development_keys

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("CALLIDARITY_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off "
        '(for example: python3 -c "import secrets; print(secrets.token_urlsafe(50))").'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "callidarity.core",
    "callidarity.notifications",
    "callidarity.ledger",
    "callidarity.accounts",
    "callidarity.supporters",
    "callidarity.campaigns",
    "callidarity.donations",
    "callidarity.aid",
    "callidarity.advocacy",
    "callidarity.legislation",
    "callidarity.events",
    "callidarity.library",
    "callidarity.cases",
    "callidarity.volunteers",
    "callidarity.reports",
    "callidarity.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "callidarity.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "callidarity.urls"
WSGI_APPLICATION = "callidarity.wsgi.application"

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
                "callidarity.core.context_processors.site",
            ],
        },
    },
]

# Databases. SQLite is the embedded default: WAL so readers never wait for the writer,
# IMMEDIATE so a write transaction takes the lock up front instead of failing at commit,
# and a busy timeout so concurrent writers queue. PostgreSQL via DATABASE_URL=postgres://…
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'callidarity.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if _db["NAME"] not in ("", ":memory:"):
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
else:
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache every process shares (pages, rate limits): the database by default, Redis via
# CACHE_URL=redis://…, or locmem:// for one process (tests).
CACHE_URL = env_str("CACHE_URL", "db://")
if CACHE_URL.startswith("redis://") or CACHE_URL.startswith("rediss://"):
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
elif CACHE_URL.startswith("locmem://"):
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
elif CACHE_URL.startswith("db://"):
    _cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "callidarity_cache",
    }
else:
    raise ImproperlyConfigured("CACHE_URL must start with db://, locmem:// or redis://.")
CACHES = {"default": _cache}

# Email: console by default, smtp://host:port (or smtp+tls://user:pass@host:587) for real.
EMAIL_URL = env_str("EMAIL_URL", "console://")
globals().update({k: v for k, v in dj_email_url.parse(EMAIL_URL).items() if v is not None})
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Callidarity <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails are built outside any request, so they need the site's public address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Emails one background task sends over one SMTP connection.
EMAIL_BATCH_SIZE = env_int("EMAIL_BATCH_SIZE", 200)
# At most one confirmation email per subscription in this many seconds.
CONFIRMATION_RESEND_SECONDS = env_int("CONFIRMATION_RESEND_SECONDS", 600)
# Days before a case's deadline its owner is emailed (each reminder once; see cases).
CASE_REMINDER_DAYS = env_list("CASE_REMINDER_DAYS", "14,3")

# Background work: django-tasks with the database backend; `callidarity db_worker` runs it.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# Security headers. Every page refuses framing; HTTPS settings follow SECURE_SSL_REDIRECT.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading commits the whole domain to HTTPS in browsers for good: the deployer opts in.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_HTTPONLY = True

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "callidarity.core.logging.KeyValueFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The group, shown in the footer and on receipts.
ORGANIZATION_NAME = env_str("ORGANIZATION_NAME", "Callidarity")
# Printed on receipts as given (one line), e.g. "a fiscally sponsored project of Friends of
# X, a 501(c)(3) nonprofit, EIN 12-3456789". Empty: receipts say that gifts may not be
# tax-deductible.
ORGANIZATION_TAX_STATUS = env_str("ORGANIZATION_TAX_STATUS")
# The group's mailing address on receipts (one line); optional.
ORGANIZATION_ADDRESS = env_str("ORGANIZATION_ADDRESS")
DEFAULT_CURRENCY = env_str("DEFAULT_CURRENCY", "USD")

# Gifts: bounds in cents (defaults $1 and $10,000).
GIFT_MIN_CENTS = env_int("GIFT_MIN_CENTS", 100)
GIFT_MAX_CENTS = env_int("GIFT_MAX_CENTS", 1_000_000)
# The card fee a donor may choose to cover, estimated as a percentage plus a fixed amount.
FEE_COVER_PERCENT = env_str("FEE_COVER_PERCENT", "2.2")
FEE_COVER_FIXED_CENTS = env_int("FEE_COVER_FIXED_CENTS", 30)
try:
    FEE_COVER_BASIS_POINTS = int(Decimal(FEE_COVER_PERCENT) * 100)
except InvalidOperation:
    raise ImproperlyConfigured("FEE_COVER_PERCENT must be a number, like 2.2.") from None
if not 0 <= FEE_COVER_BASIS_POINTS < 10_000 or FEE_COVER_FIXED_CENTS < 0:
    raise ImproperlyConfigured("FEE_COVER_PERCENT must be under 100 and the fixed part >= 0.")

# Payments. With STRIPE_SECRET_KEY set, Stripe Checkout; without it, the sandbox provider,
# which completes a checkout locally and moves no money.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env_int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300)
PAYMENTS_SANDBOX = not STRIPE_SECRET_KEY
if PAYMENTS_SANDBOX and not DEBUG and not env_bool("PAYMENTS_SANDBOX", False):
    raise ImproperlyConfigured(
        "No STRIPE_SECRET_KEY is set and DEBUG is off. Set the Stripe keys, or set "
        "PAYMENTS_SANDBOX=1 to run the sandbox, in which no money moves."
    )
if STRIPE_SECRET_KEY and not STRIPE_WEBHOOK_SECRET:
    raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY.")

# Public forms: the most submissions one address may make in a window, per form.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
RATELIMIT_PER_HOUR = env_int("RATELIMIT_PER_HOUR", 30)
# A public form sent back sooner than this after it was shown is taken for a bot's.
FORM_MIN_FILL_SECONDS = env_int("FORM_MIN_FILL_SECONDS", 2)
# A petition flood: once one address has this many signatures on one petition within the
# window, its next ones are held for a moderator, not counted (and not refused: a church
# basement on call-in day signs from one address).
PETITION_FLOOD_LIMIT = env_int("PETITION_FLOOD_LIMIT", 20)
PETITION_FLOOD_WINDOW_SECONDS = env_int("PETITION_FLOOD_WINDOW_SECONDS", 3600)

# Field encryption for what could hurt people inside if it leaked (ID numbers, notes, family
# contacts): Fernet keys, comma-separated, the first encrypts and any decrypts (rotate with
# `callidarity rotate_field_keys`), and a separate key for the keyed hashes that find a
# person by ID number. Production refuses to start without them; development generates
# var/field-keys.json once and a system check says so.
_field_keys = env_list("FIELD_ENCRYPTION_KEYS")
_hash_key = env_str("FIELD_HASH_KEY")
try:
    if _field_keys or _hash_key or not DEBUG:
        check_keys(_field_keys, _hash_key)
        FIELD_KEYS = FieldKeys(tuple(_field_keys), _hash_key, "environment")
    else:
        FIELD_KEYS = development_keys(VAR_DIR / "field-keys.json")
except BadKeys as error:
    raise ImproperlyConfigured(str(error)) from None

# The weekly disbursement run: the most weeks one deposit may cover (fewer, larger deposits
# pay fewer vendor fees; money sent ahead is at risk if she is moved), and how long a call
# the "calls funded" figure counts.
DISBURSEMENT_MAX_WEEKS = env_int("DISBURSEMENT_MAX_WEEKS", 4)
if DISBURSEMENT_MAX_WEEKS < 1:
    raise ImproperlyConfigured("DISBURSEMENT_MAX_WEEKS must be 1 or more.")
CALL_MINUTES = env_int("CALL_MINUTES", 15)
# The largest weekly amount of one support plan, in cents (a typo guard: $1,000).
PLAN_WEEKLY_MAX_CENTS = env_int("PLAN_WEEKLY_MAX_CENTS", 100_000)
