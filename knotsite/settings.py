"""Knotsite settings. Every value that differs between machines is read from the
environment here, and only here."""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# A checkout with nothing set is a development machine; production sets DJANGO_DEBUG=0.
DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            '(for example: export DJANGO_SECRET_KEY="$(python -c '
            "'import secrets; print(secrets.token_urlsafe(50))')\")."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - never used with DEBUG off

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "knotsite.apps.KnotsiteAdminConfig",  # django.contrib.admin with the editorial site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.redirects",
    "reversion",
    "reversion_compare",
    "knotsite.apps.SignInLockoutsConfig",  # axes
    "django_otp",
    "knotsite.apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "knotsite.apps.BackupCodesConfig",  # django_otp.plugins.otp_static
    "knotsite",
    "articles",
    "faq",
    "pages",
    "search",
]

MIDDLEWARE = [
    # Before the host check and the HTTPS redirect: the load balancer asks by IP over HTTP.
    "knotsite.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed (Django adds the "Heal the BREACH" padding); static files are
    # already compressed by whitenoise.
    "django.middleware.gzip.GZipMiddleware",
    # Answers 304 for cached and fresh pages alike, from their ETag/Last-Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions and auth: a cached page for an anonymous reader costs one cache read.
    "knotsite.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session gave a two-step code (two_step.py).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "knotsite.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
    # First to see a view's exception: a database that cannot be reached is a 503.
    "knotsite.middleware.DatabaseUnavailableMiddleware",
    # A 404 for a link with ")" or "." left on its end, or capitals, is its page's 301.
    "knotsite.middleware.MendedLinkMiddleware",
    # Innermost: an old URL's 404 becomes its 301 before any cache sees the response.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "knotsite.urls"
WSGI_APPLICATION = "knotsite.wsgi.application"

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
                "knotsite.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests at once (runserver's threads, gunicorn's gthread workers) share one
    # file with one writer. A transaction takes the write lock when it begins and others
    # wait for it, instead of failing with "database is locked" when a read turns into a
    # write; WAL lets readers carry on while someone writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One Redis shared by every app server when REDIS_URL is set; otherwise this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("KNOTSITE_CACHE_PREFIX", "knotsite"),
            # An unreachable Redis fails fast instead of holding a worker (pagecache.py then
            # serves pages uncached).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages for anonymous readers (knotsite/pagecache.py); 0 switches it off.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("KNOTSITE_PAGE_CACHE_SECONDS", "600"))
# After the shared cache fails, each server builds pages afresh for this long before trying
# it again.
PAGE_CACHE_OUTAGE_SECONDS = 5
# Pages cached by one release are never served by another (a rolling deploy shares Redis).
# Unset, the release is told by a hash of the code, templates and static files.
KNOTSITE_RELEASE = os.environ.get("KNOTSITE_RELEASE", "")
PAGE_CACHE_CONTENT_APPS = {"articles", "faq", "pages", "search", "sites", "redirects"}
# What no page shows: noting a reader's search leaves every cached page as it is.
PAGE_CACHE_NOT_CONTENT = {"search.unansweredsearch"}
PAGE_CACHE_SKIP_PREFIXES = ("/static/", "/media/", "/_bench/")
# Only `make bench` sets this: it routes /_bench/minimal/ (knotsite/bench_views.py).
BENCH_HTML_FILE = os.environ.get("KNOTSITE_BENCH_HTML", "")
CDN_CACHE_SECONDS = int(os.environ.get("KNOTSITE_CDN_CACHE_SECONDS", "60"))
CDN_STALE_SECONDS = int(os.environ.get("KNOTSITE_CDN_STALE_SECONDS", "30"))
# Searches the FAQ could not answer (search.models.UnansweredSearch): how many are kept, and
# for how long after they were last made.
UNANSWERED_SEARCHES_KEPT = 5_000
UNANSWERED_SEARCHES_DAYS = 90

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The practice and its readers are in the UK (999, 111, the HCPC): editors schedule, and
# readers see dates, on UK clocks, summer time included. Stored times stay in UTC.
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

LOGIN_URL = "admin:login"
# Where the admin lives; moving it off /admin/ takes the bulk of drive-by login attempts away.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated failed logins lock the account and, separately, the address they came from.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind a load balancer, the client address is the last one it appended.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Staff who forget their password are sent a link to set a new one (knotsite/password_reset.py).
# With no mail server set, development prints the email in the terminal and production offers
# no reset at all, rather than a link promising an email that never comes.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_TLS", True)
EMAIL_TIMEOUT = 10
if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
PASSWORD_RESET_BY_EMAIL = bool(EMAIL_HOST) or DEBUG
# Who is emailed a server error's details (DEBUG off): "Ann <ann@example.org>, ops@example.org".
ADMINS = [pair for pair in getaddresses([os.environ.get("DJANGO_ADMINS", "")]) if pair[1]]

# Staff sessions end after a working day of inactivity or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", str(4 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Inactivity, not time since sign-in: every staff request renews the session. (Readers have
# no session, so this writes nothing for them.)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# HTTPS hardening is on wherever DEBUG is off, unless DJANGO_HTTPS=0 (plain HTTP on loopback).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# A strict policy for the site and the admin alike: every script and style is a file
# from our own origin, so an injected tag or attribute has nothing it can run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features no page of ours uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# A refused save hands the editor back what they typed.
CSRF_FAILURE_VIEW = "knotsite.admin_safety.csrf_failure"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The public domain: Site #1 follows it on every migrate (absolute URLs in feeds, sitemaps).
SITE_ID = 1
SITE_DOMAIN = os.environ.get("KNOTSITE_DOMAIN", "127.0.0.1:8000")

# The publisher shown in the header, footer and metadata.
SITE_NAME = os.environ.get("KNOTSITE_SITE_NAME", "Knotsite Health")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@{SITE_DOMAIN.partition(':')[0]}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The name authenticator apps show beside a staff member's two-step sign-in codes.
OTP_TOTP_ISSUER = SITE_NAME
# Every staff member must turn two-step sign-in on before the admin opens anything else.
TWO_STEP_REQUIRED = env_bool("DJANGO_TWO_STEP_REQUIRED", False)
SITE_TAGLINE = "Physiotherapy and everyday wellbeing"
PUBLISHER_NAME = os.environ.get("KNOTSITE_PUBLISHER", "Knotsite Physiotherapy Clinic")
# The number the footer, every article and the 503 page tell readers to call in an
# emergency, digits only (a tel: link). The safety notices are content, worded by staff.
EMERGENCY_NUMBER = os.environ.get("KNOTSITE_EMERGENCY_NUMBER", "999")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # Bots asking for other host names are logged, not mailed to ADMINS (Django mails them by
    # default, an email per bot).
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
    },
}
