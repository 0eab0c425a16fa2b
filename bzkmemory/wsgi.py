"""WSGI entry point, used by gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from website.env import exit_on_refused_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzkmemory.settings")

# A refused setting prints its one line and exits 4, gunicorn's "App failed to load": the
# master then stops instead of starting new workers that fail the same way.
with exit_on_refused_settings(status=4):
    application = get_wsgi_application()

# What the site loaded to start (modules, settings, the URL patterns) lives as long as the
# worker: moved out of the garbage collector's sight, so that its full collections, which
# otherwise walk all of it every few requests, see only what requests made.
get_resolver().url_patterns  # noqa: B018 - loaded now rather than on the first request
gc.freeze()
