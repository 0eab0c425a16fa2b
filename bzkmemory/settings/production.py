"""Production: every secret comes from the environment, and unsafe values stop the process.

Required: ``SECRET_KEY`` (50+ characters) and ``ALLOWED_HOSTS``. See docs/CONFIGURATION.md.
"""

from django.core.exceptions import ImproperlyConfigured

from website.env import REQUIRED, env_bool, env_int, env_list, env_str, passkey_origins

from .base import *

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (DJANGO_ENV=production).")

SECRET_KEY = env_str("SECRET_KEY", REQUIRED)
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", REQUIRED)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host(s) in production.")

OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
# Passkeys for the site's own hosts, over HTTPS (base.py; PASSKEY_RP_ID and PASSKEY_ORIGINS
# override).
OTP_WEBAUTHN_RP_ID, _passkey_origins = passkey_origins(
    ALLOWED_HOSTS, public_base_url=PUBLIC_BASE_URL
)
OTP_WEBAUTHN_RP_ID = env_str("PASSKEY_RP_ID", OTP_WEBAUTHN_RP_ID)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("PASSKEY_ORIGINS", _passkey_origins)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
COOKIE_CONSENT_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Behind a TLS-terminating proxy the scheme arrives in a header, which is trusted only when
# the operator says a proxy sets it.
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
