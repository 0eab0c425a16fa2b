"""The default: runs on a developer's machine with nothing configured."""

from website.env import env_str, local_secret_key

from .base import *

SECRET_KEY = env_str("SECRET_KEY", "") or local_secret_key(VAR_DIR / "secret_key")

# `make serve` is at http://localhost:8000 for passkeys (WebAuthn needs a name, not 127.0.0.1).
if "http://localhost:8000" not in OTP_WEBAUTHN_ALLOWED_ORIGINS:
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [*OTP_WEBAUTHN_ALLOWED_ORIGINS, "http://localhost:8000"]
