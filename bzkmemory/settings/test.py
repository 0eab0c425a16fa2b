"""Test settings: only what makes tests fast and deterministic differs from the base."""

from django.core.management.utils import get_random_secret_key

from .base import *

SECRET_KEY = get_random_secret_key()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app folders as they are; production's manifest storage is
# covered by its own test (tests/website/test_static.py).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# One process: a local cache stands in for the shared one (tests/website/test_consent.py
# checks the shared behaviour with the file cache, and with Redis when REDIS_URL is set).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}
