"""Production: every secret comes from the environment, and unsafe values stop the process.

Required: ``SECRET_KEY`` (50+ random characters), ``ALLOWED_HOSTS`` (named hosts, no wildcard)
and ``PUBLIC_BASE_URL`` (https, a host of ALLOWED_HOSTS). A refused value stops ``manage.py``
and gunicorn with one line saying what to set. See docs/CONFIGURATION.md.
"""

from django.core.exceptions import ImproperlyConfigured

from website.env import (
    REQUIRED,
    env_bool,
    env_int,
    env_list,
    env_str,
    passkey_origins,
    production_base_url,
    production_hosts,
)

from .base import *

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production: set DEBUG=false or leave it out.")

SECRET_KEY = env_str("SECRET_KEY", REQUIRED)
# A long key of few different characters ("abab...") is no secret; 50 random characters of
# Django's or secrets.token_urlsafe's alphabet have 30 or more different ones.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 20 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: set 50 or more random characters, at least "
        "20 of them different, e.g. from "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
    )

ALLOWED_HOSTS = production_hosts(env_list("ALLOWED_HOSTS", REQUIRED))
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's host(s) in production, e.g. geheugenvanbzk.nl."
    )
PUBLIC_BASE_URL = production_base_url(env_str("PUBLIC_BASE_URL", REQUIRED), ALLOWED_HOSTS)

OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
# Passkeys for the site's own hosts, over HTTPS (base.py; PASSKEY_RP_ID and PASSKEY_ORIGINS
# override).
OTP_WEBAUTHN_RP_ID, _passkey_origins = passkey_origins(
    ALLOWED_HOSTS, public_base_url=PUBLIC_BASE_URL
)
OTP_WEBAUTHN_RP_ID = env_str("PASSKEY_RP_ID", OTP_WEBAUTHN_RP_ID)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("PASSKEY_ORIGINS", _passkey_origins)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# To the configured host, whatever (port, trailing dot) the plain-HTTP request named.
SECURE_SSL_HOST = PUBLIC_BASE_URL.removeprefix("https://")
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
