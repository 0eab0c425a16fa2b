"""Selects the settings for ``DJANGO_ENV``: ``development`` (the default) or ``production``."""

import os

from django.core.exceptions import ImproperlyConfigured

_environment = os.environ.get("DJANGO_ENV", "development")

if _environment == "production":
    from .production import *
elif _environment == "development":
    from .development import *
else:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', not {_environment!r}."
    )
