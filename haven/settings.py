"""Haven's one settings module. Everything that differs between machines comes from the environment.

HAVEN_ENV picks the mode: "development" (the default: generates its own secrets into var/),
"test" (used by the test suite) or "production" (refuses to start without its secrets).
docs/configuration.md lists every variable.
"""

from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from haven.lib.addresses import meta_header_names
from haven.lib.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    passkey_site,
    sqlite_database,
)
from haven.lib.keys import new_data_key, new_secret_key, read_or_create
from haven.lib.static_headers import static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HAVEN_VAR_DIR", str(BASE_DIR / "var")))

HAVEN_ENV = env_choice("HAVEN_ENV", "development", {"development", "test", "production"})
PRODUCTION = HAVEN_ENV == "production"
DEBUG = env_bool("HAVEN_DEBUG", HAVEN_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("HAVEN_DEBUG must not be on in production")


# Fixed, public values for the test suite only: tests must not depend on files under var/.
_TEST_ONLY_SECRETS = {
    "SECRET_KEY": "test-only-secret-key-not-for-any-real-server",
    "HAVEN_DATA_KEYS": "test1:dGVzdC1vbmx5LWRhdGEta2V5LTMyLWJ5dGVzLWxvbmc=",
    "HAVEN_AUDIT_KEY": "test-only-audit-checkpoint-key",
}


def _secret(name: str, var_file: str, make: Callable[[], str]) -> str:
    """A secret from the environment; in production it must be there, elsewhere one is made."""
    value = env_str(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production (see docs/configuration.md)")
    if HAVEN_ENV == "test":
        return _TEST_ONLY_SECRETS[name]
    return read_or_create(VAR_DIR / var_file, make)


SECRET_KEY = _secret("SECRET_KEY", "secret_key", new_secret_key)
# Keys for narrative text at rest: "id:base64key,id:base64key"; the first encrypts, all decrypt.
HAVEN_DATA_KEYS = _secret("HAVEN_DATA_KEYS", "data_keys", new_data_key)
# Signs the audit checkpoints written outside the database; kept apart from SECRET_KEY.
HAVEN_AUDIT_KEY = _secret("HAVEN_AUDIT_KEY", "audit_key", new_secret_key)
HAVEN_AUDIT_CHECKPOINT_DIR = Path(
    env_str("HAVEN_AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints"))
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated hosts)")
HAVEN_BASE_URL = env_str("HAVEN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp_webauthn",
    "axes",
    "django_tasks_db",
    "haven.system",
    "haven.audit",
    "haven.agreements",
    "haven.accounts",
    "haven.schools",
    "haven.concerns",
    "haven.cases",
    "haven.alerts",
    "haven.outofhours",
    "haven.chronology",
    "haven.public",
    "haven.curriculum",
    "haven.reports",
    "haven.records",
    "haven.language",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "haven.system.middleware.HealthBeforeSessionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "haven.accounts.middleware.LastSeenMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "haven.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "haven.system.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"

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
                "django.template.context_processors.csp",
                "haven.system.context_processors.haven",
            ],
        },
    }
]

# Databases: SQLite under var/ unless DATABASE_URL names another.
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(str(VAR_DIR / "haven.sqlite3"))
}
if HAVEN_ENV == "test" and not DATABASE_URL:
    # A file, not SQLite's shared in-memory database: browser tests write from the live server's
    # thread and the test's at once, and only a file database waits (busy timeout) instead of
    # failing with "table is locked". pytest-django adds a suffix per xdist worker.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-haven.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)
if HAVEN_ENV == "development" and not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: Django's tasks framework on the database (worker: manage.py haven_worker).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Public report forms: the first reports from one address are always accepted; floods are slowed.
HAVEN_PUBLIC_REPORTS_PER_ADDRESS_PER_HOUR = env_int(
    "HAVEN_PUBLIC_REPORTS_PER_ADDRESS_PER_HOUR", 20, minimum=1
)
HAVEN_PUBLIC_REPORTS_PER_SCHOOL_PER_HOUR = env_int(
    "HAVEN_PUBLIC_REPORTS_PER_SCHOOL_PER_HOUR", 300, minimum=1
)
HAVEN_PUBLIC_CHECK_FAILURES_PER_ADDRESS_PER_HOUR = env_int(
    "HAVEN_PUBLIC_CHECK_FAILURES_PER_ADDRESS_PER_HOUR", 20, minimum=1
)
HAVEN_PUBLIC_ADDS_PER_ADDRESS_PER_HOUR = env_int(
    "HAVEN_PUBLIC_ADDS_PER_ADDRESS_PER_HOUR", 30, minimum=1
)

# A task still RUNNING this long after it started, whose worker has been silent for 60 s, belongs to
# a dead worker: the next reaper run (once a minute) requeues it (docs/deploy.md gives the bound).
HAVEN_TASK_STALE_SECONDS = env_int("HAVEN_TASK_STALE_SECONDS", 600, minimum=30)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:landing"
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

# Messages live in the server-side session, never in a cookie: advice may quote staff's words.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Sessions: short-lived, idle timeout enforced by IdleTimeoutMiddleware.
HAVEN_IDLE_TIMEOUT_MINUTES = env_int("HAVEN_IDLE_TIMEOUT_MINUTES", 20, minimum=1, maximum=24 * 60)
SESSION_COOKIE_AGE = env_int("HAVEN_SESSION_MAX_HOURS", 10, minimum=1, maximum=24) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Sign-in throttling: lock a username from one address, never a whole address (a school's staff
# share one public address behind its firewall), and let the lock expire by itself.
AXES_FAILURE_LIMIT = env_int("HAVEN_SIGN_IN_FAILURE_LIMIT", 5, minimum=3, maximum=50)
AXES_COOLOFF_TIME = env_int("HAVEN_SIGN_IN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "haven.accounts.views.locked_out"
# The client's address, read the same way for this lock, the public forms' limits and the audit
# (haven.lib.addresses): behind a proxy, the entry the operator's own proxy added, never one the
# client wrote, or everyone would share the proxy's address and one guesser could lock out a DSL.
HAVEN_CLIENT_IP_HEADERS = meta_header_names(
    "HAVEN_CLIENT_IP_HEADERS", env_list("HAVEN_CLIENT_IP_HEADERS", ["REMOTE_ADDR"])
)
HAVEN_TRUSTED_PROXY_COUNT = env_int("HAVEN_TRUSTED_PROXY_COUNT", 1, minimum=1, maximum=10)
AXES_CLIENT_IP_CALLABLE = "haven.lib.addresses.client_address"
# Guessing spread over many addresses: after this many wrong passwords for one account from
# anywhere, each try waits (doubling, up to the longest) but nobody is ever locked out; at the
# unusual count the account's holder and school are told (haven.accounts.slowdown).
HAVEN_SIGN_IN_SLOWDOWN_AFTER = env_int("HAVEN_SIGN_IN_SLOWDOWN_AFTER", 5, minimum=3, maximum=1000)
HAVEN_SIGN_IN_SLOWDOWN_LONGEST_SECONDS = env_int(
    "HAVEN_SIGN_IN_SLOWDOWN_LONGEST_SECONDS", 300, minimum=1, maximum=3600
)
HAVEN_SIGN_IN_UNUSUAL_FAILURES = env_int(
    "HAVEN_SIGN_IN_UNUSUAL_FAILURES", 20, minimum=5, maximum=100000
)
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("HAVEN_TIME_ZONE", "Europe/London")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("HAVEN_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "haven" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: Haven never accepts imagery, and keeps only a document's words (haven.lib.documents).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers  # static files refuse framing too
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    "manifest-src": [CSP.SELF],
}
HTTPS = env_bool("HAVEN_HTTPS", PRODUCTION)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("HAVEN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("HAVEN_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HAVEN_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only sent to this exact host over HTTPS, never to a sub-domain.
    SESSION_COOKIE_NAME = "__Host-haven-session"
    CSRF_COOKIE_NAME = "__Host-haven-csrf"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way commitment for the whole domain: the operator opts in.
    "security.W021",
]

# E-mail: alerts carry no pupil details, only that something needs attention and a link.
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_MAIL_BACKEND = env_str(
    "HAVEN_EMAIL_BACKEND",
    _SMTP if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
_MAIL_OPTIONS: dict[str, object] = {}
if _MAIL_BACKEND == _SMTP:
    _MAIL_OPTIONS = {
        "host": env_str("HAVEN_EMAIL_HOST", "localhost"),
        "port": env_int("HAVEN_EMAIL_PORT", 25, minimum=1, maximum=65535),
        "username": env_str("HAVEN_EMAIL_USER"),
        "password": env_str("HAVEN_EMAIL_PASSWORD"),
        "use_tls": env_bool("HAVEN_EMAIL_TLS", False),
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("HAVEN_FROM_EMAIL", "Haven <haven@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

OTP_TOTP_ISSUER = env_str("HAVEN_OTP_ISSUER", "Haven")

# Passkeys (WebAuthn, django-otp-webauthn), a second factor beside the authenticator app. A passkey
# answers only the address staff use (HAVEN_BASE_URL), which is what makes it phishing-resistant;
# browsers offer none on a bare IP address or on plain http:// other than localhost, so there
# Haven offers none either (docs/passkeys.md).
# The test suite's passkeys answer an address of its own (its browser test sets the live server's).
_PASSKEY_SITE = passkey_site("https://haven.test" if HAVEN_ENV == "test" else HAVEN_BASE_URL)
HAVEN_PASSKEYS = _PASSKEY_SITE is not None
OTP_WEBAUTHN_RP_ID = _PASSKEY_SITE[0] if _PASSKEY_SITE else "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [_PASSKEY_SITE[1] if _PASSKEY_SITE else "http://localhost"]
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_HELPER_CLASS = "haven.accounts.passkeys.PasskeyHelper"
# Only ever the second step after the password: no sign-in by passkey alone.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_TIMEOUT_SECONDS = 5 * 60

# Logs carry ids, never names, e-mail addresses or free text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("HAVEN_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler would print each of its records a second time, unformatted.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

if HAVEN_ENV == "test":
    # Passwords are hashed many times in tests; a fast hasher keeps the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    AXES_ENABLED = env_bool("HAVEN_TEST_AXES", True)
