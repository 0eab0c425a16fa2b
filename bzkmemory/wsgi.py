"""WSGI entry point, used by gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from website.env import exit_on_refused_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzkmemory.settings")

# A refused setting prints its one line and exits 4, gunicorn's "App failed to load": the
# master then stops instead of starting new workers that fail the same way.
with exit_on_refused_settings(status=4):
    application = get_wsgi_application()
