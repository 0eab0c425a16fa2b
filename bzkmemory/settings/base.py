"""Settings shared by every environment. Values that differ per machine come from the environment.

Nothing needs to be set to run locally: the defaults give an embedded SQLite database under
``var/``, DEBUG off, and a secret key generated once into ``var/secret_key``.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from website.env import (
    REQUIRED,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    passkey_origins,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = env_path("BZKMEMORY_VAR_DIR", BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "website.apps.SiteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "cookie_consent",
    "reversion",
    "reversion_compare",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # The admin's rich-text editor (ProseMirror); configured in website/widgets.py.
    "django_prose_editor",
    # The layers, bottom up (docs/ARCHITECTURE.md): the shared core, the domain apps, the
    # outward apps, and the project package that composes them.
    "website",
    "publishing",
    "themes",
    "toolbox",
    "programmes",
    "exhibitions",
    "openmetadata",
    "archive",
    "bzkmemory",
]

MIDDLEWARE = [
    "website.request_log.RequestLogMiddleware",
    "website.db_router.PublicReadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "website.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # 304 Not Modified for responses with an ETag or Last-Modified the visitor already has.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into its answer.
    "axes.middleware.AxesMiddleware",
]

# Only editors sign in, to the admin; an unsafe "next" also leads there.
LOGIN_URL = "/admin/login/"
LOGIN_REDIRECT_URL = "/admin/"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "bzkmemory.urls"
WSGI_APPLICATION = "bzkmemory.wsgi.application"

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
                "django.template.context_processors.csp",
                "website.context_processors.language_alternates",
                "website.context_processors.consent",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL", ""),
        sqlite_path=VAR_DIR / "db.sqlite3",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
# A read replica for public pages (website/db_router.py). In tests it mirrors the primary.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **database_config(
            env_str("DATABASE_REPLICA_URL", ""),
            sqlite_path=VAR_DIR / "replica.sqlite3",
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["website.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch is the site's language and the fallback for anything not yet translated into English.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "bzkmemory" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

# django-cookie-consent's models are translated too; their migrations then have to live here.
MIGRATION_MODULES = {"cookie_consent": "website.cookie_consent_migrations"}

MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "nl"

STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root, such as /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
# Media (documents, images, uploads waiting for confirmation) on the local disk, or with
# MEDIA_STORAGE=s3 in an S3-compatible bucket (django-storages). The bucket stays private:
# visitors only ever get files through the site's own views.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    MEDIA_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", REQUIRED),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("S3_SECRET_KEY", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Static files from a CDN that pulls them from this site: its address, e.g.
# https://static.example.nl/static/ (the site's CSP then allows that host too).
STATIC_URL = env_str("STATIC_URL", "/static/")

# Uploaded documents are kept whole; Django does not bound file uploads by itself.
DOCUMENT_MAX_UPLOAD_BYTES = env_int("DOCUMENT_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)

# Caches. "shared" holds what every worker must see the same, such as django-cookie-consent's
# cookie groups (it clears them when an editor changes one): Redis when REDIS_URL is set,
# otherwise files under var/ that all workers on this machine share.
REDIS_URL = env_str("REDIS_URL", "")


def _redis(location: str) -> dict:
    return {
        "BACKEND": "website.cache.ResilientRedisCache",
        "LOCATION": location,
        # Short timeouts: a Redis that has gone away costs a page milliseconds, not seconds.
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }


CACHES = {
    # Rendered pages (website/page_cache.py): in this process's memory unless Redis is set.
    "default": _redis(REDIS_URL)
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "shared": _redis(REDIS_URL)
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
    },
}

# How long a cached page's last good copy is kept (from when it was rendered): while current it
# is the page, after that it is what visitors get when the database cannot be reached
# (stale-if-error, website/outage.py). Pages with a query string are kept a day at most.
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 7 * 24 * 60 * 60)
# With Redis, each worker also keeps the pages it served last (this many bytes of them, gzipped)
# and sends them again without asking Redis while their stamp holds (website/page_cache.py).
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 4 * 1024 * 1024)

# On PostgreSQL each worker hears of every archive change from the database (LISTEN/NOTIFY) and
# answers a cached page's freshness check from memory until the next one, so a cached page asks
# the database nothing (publishing/notifications.py). Off: every page view asks, as on SQLite.
FRESHNESS_NOTIFICATIONS = env_bool("FRESHNESS_NOTIFICATIONS", True)

# Consent (django-cookie-consent). Its cookie records the visitor's choice for a year.
COOKIE_CONSENT_CACHE_BACKEND = "shared"
COOKIE_CONSENT_SECURE = env_bool("COOKIE_CONSENT_SECURE", False)
COOKIE_CONSENT_SAMESITE = "Lax"
# Consent records (django-cookie-consent's log) are deleted after this many days by
# `manage.py delete_old_consent_records`, matching the half year the privacy page promises.
CONSENT_LOG_RETENTION_DAYS = env_int("CONSENT_LOG_RETENTION_DAYS", 183)

# Analytics with Matomo, only after consent; see website/analytics.py. Unset: none at all.
MATOMO_URL = env_str("MATOMO_URL", "")
MATOMO_SITE_ID = env_str("MATOMO_SITE_ID", "")
MATOMO_TOKEN_AUTH = env_str("MATOMO_TOKEN_AUTH", "")
MATOMO_TIMEOUT_SECONDS = float(env_str("MATOMO_TIMEOUT_SECONDS", "3"))
# Addresses of proxies in front of the site whose X-Forwarded-For may be believed (IPs or
# networks, comma-separated). Anyone else's X-Forwarded-For is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Load balancers probe the app servers over plain HTTP; with SECURE_SSL_REDIRECT on (production)
# a redirect would read as "unhealthy".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Content-Security-Policy (Django's own): nothing runs or loads from anywhere but this site.
_static = urlsplit(STATIC_URL)
_STATIC_HOST = [f"https://{_static.netloc}"] if _static.scheme == "https" else []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *_STATIC_HOST],
    "style-src": [CSP.SELF, *_STATIC_HOST],
    "img-src": [CSP.SELF, "data:", *_STATIC_HOST],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Sign-in protection (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one
# address, that combination is locked out for AXES_COOLOFF_MINUTES, answered with 429; after
# AXES_ADDRESS_FAILURE_LIMIT failures from one address across any user names (password
# spraying), the address is locked out for every name (website.security.AddressLockoutHandler;
# 0 switches that off).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "website.security.AddressLockoutHandler"
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True
# The client's address as the analytics hook reads it: X-Forwarded-For from TRUSTED_PROXIES only.
AXES_CLIENT_IP_CALLABLE = "website.security.client_ip_for_axes"

# Limits for scripts (website/rate_limits.py, django-ratelimit): consent choices and statistics
# hits one network (the client's address shortened to /24 or /48) may send per minute; beyond
# that the answer is 429 with Retry-After. 0 switches a limit off.
CONSENT_POSTS_PER_MINUTE = env_int("CONSENT_POSTS_PER_MINUTE", 30)
ANALYTICS_HITS_PER_MINUTE = env_int("ANALYTICS_HITS_PER_MINUTE", 30)
# Counted in the default cache: Redis, shared by every worker, when REDIS_URL is set; otherwise
# each process's memory, where each worker allows the limit on its own. django_ratelimit is not
# an installed app: it has no models or templates, and its one system check objects to every
# cache but memcached and django-redis, so to both of ours (LocMemCache, ResilientRedisCache).
RATELIMIT_USE_CACHE = "default"
# A count the cache cannot give lets the request through, rather than refusing every visitor.
RATELIMIT_FAIL_OPEN = True

# Two-factor sign-in for staff (TOTP, django-otp); production settings require it.
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
OTP_TOTP_ISSUER = "Het geheugen van BZK"

# Uploaded images: larger ones are refused (a decompression bomb looks like a huge image).
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "bare",
        },
    },
    "formatters": {"bare": {"format": "%(message)s"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; its warnings (lockouts) are what matters.
    "loggers": {
        "axes": {"level": "WARNING"},
        "bzkmemory.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
    },
}

# /.well-known/security.txt (RFC 9116). The central government's coordinated vulnerability
# disclosure runs through the NCSC; set the site's own contact when it has one.
SECURITY_TXT_CONTACTS = env_list(
    "SECURITY_TXT_CONTACTS", ["https://www.ncsc.nl/contact/kwetsbaarheid-melden"]
)
SECURITY_TXT_POLICY = env_str("SECURITY_TXT_POLICY", "")
SECURITY_TXT_VALID_DAYS = 180

# Archive bundles (archive/): bounds on what an import will read.
ARCHIVE_MAX_ENTRIES = env_int("ARCHIVE_MAX_ENTRIES", 25_000)
ARCHIVE_MAX_TOTAL_BYTES = env_int("ARCHIVE_MAX_TOTAL_BYTES", 50 * 1024**3)
ARCHIVE_MAX_JSON_BYTES = env_int("ARCHIVE_MAX_JSON_BYTES", 20 * 1024**2)
ARCHIVE_MAX_COMPRESSION_RATIO = env_int("ARCHIVE_MAX_COMPRESSION_RATIO", 100)
ARCHIVE_MAX_UPLOAD_BYTES = env_int("ARCHIVE_MAX_UPLOAD_BYTES", 2 * 1024**3)
AXES_VERBOSE = False

# Open archival metadata (openmetadata/): OAI-PMH, MDTO and open data. See docs/OPEN_METADATA.md.
# The repository identifier is a domain name the ministry controls, never the request's host,
# so that identifiers stay the same behind any proxy or mirror.
OAI_REPOSITORY_IDENTIFIER = env_str("OAI_REPOSITORY_IDENTIFIER", "geheugenvanbzk.nl")
OAI_REPOSITORY_NAME = env_str("OAI_REPOSITORY_NAME", "Het geheugen van BZK")
# Who harvesters write to (Identify's adminEmail); the placeholder fails `check --deploy`.
OAI_ADMIN_EMAILS = env_list("OAI_ADMIN_EMAILS", ["webmaster@example.invalid"])
OAI_PAGE_SIZE = env_int("OAI_PAGE_SIZE", 100)
# How long a resumption token stays valid (the protocol lets harvesters pause between pages).
OAI_RESUMPTION_TOKEN_HOURS = env_int("OAI_RESUMPTION_TOKEN_HOURS", 24)
# The archive creator: the ministry, by its identifier in the government's TOOI register.
ARCHIVE_CREATOR_NAME = env_str(
    "ARCHIVE_CREATOR_NAME", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
)
ARCHIVE_CREATOR_TOOI = env_str(
    "ARCHIVE_CREATOR_TOOI", "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
)
# Licence of the metadata (OAI-PMH dc:rights, open data). CC0: public sector metadata is
# reusable without conditions.
METADATA_LICENCE_NAME = env_str("METADATA_LICENCE_NAME", "CC0 1.0 Universeel")
METADATA_LICENCE_URL = env_str(
    "METADATA_LICENCE_URL", "https://creativecommons.org/publicdomain/zero/1.0/"
)
# MDTO values the programmes do not record themselves: the same for every record, decided by
# the archive's records manager (selection list and openness), not invented per record.
MDTO_VALUATION_CODE = env_str("MDTO_VALUATION_CODE", "B")
MDTO_VALUATION_LABEL = env_str("MDTO_VALUATION_LABEL", "Blijvend te bewaren")
MDTO_VALUATION_LIST = env_str("MDTO_VALUATION_LIST", "Begrippenlijst Waarderingen MDTO")
MDTO_RESTRICTION_LABEL = env_str("MDTO_RESTRICTION_LABEL", "Geen beperking")
MDTO_RESTRICTION_LIST = env_str("MDTO_RESTRICTION_LIST", "Begrippenlijst Beperkingen MDTO")
# The site's public address (scheme and host, e.g. https://geheugenvanbzk.nl), used in
# metadata that leaves the site: OAI-PMH, MDTO and open data. Empty: the address of the request
# (commands without a request then need --base-url).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "").rstrip("/")

# Passkeys (django-otp-webauthn) as the second step of sign-in, after the password, never
# instead of it (website/passkeys.py). A passkey belongs to its relying party id (the site's
# domain) for good; the origins are the addresses the browser may use it on.
OTP_WEBAUTHN_RP_NAME = "Het geheugen van BZK"
OTP_WEBAUTHN_RP_ID, _passkey_origins = passkey_origins(
    ALLOWED_HOSTS, public_base_url=PUBLIC_BASE_URL
)
OTP_WEBAUTHN_RP_ID = env_str("PASSKEY_RP_ID", OTP_WEBAUTHN_RP_ID)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("PASSKEY_ORIGINS", _passkey_origins)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "website.passkeys.PasskeyHelper"
# How long the browser waits for the passkey: long enough to find a security key (WCAG 2.2.1).
OTP_WEBAUTHN_TIMEOUT_SECONDS = 180

# Mail to editors: review requests go to the Eindredacteuren (publishing/review.py). With
# SMTP_HOST set, mail goes out through that server; without it, it is printed to the console
# (development). Django 6.1's MAILERS, so that no deprecated EMAIL_* setting is read.
_SMTP_HOST = env_str("SMTP_HOST")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _SMTP_HOST,
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER") or None,
                "password": env_str("SMTP_PASSWORD") or None,
                "use_tls": env_bool("SMTP_STARTTLS", True),
                "timeout": 10,
            },
        }
        if _SMTP_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Het geheugen van BZK <noreply@example.invalid>")
