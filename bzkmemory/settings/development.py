"""The default: runs on a developer's machine with nothing configured."""

from website.env import env_str, local_secret_key

from .base import *

SECRET_KEY = env_str("SECRET_KEY", "") or local_secret_key(VAR_DIR / "secret_key")
