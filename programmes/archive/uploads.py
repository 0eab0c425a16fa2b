"""Bundles uploaded in the admin wait here between the dry run and the archivist's confirmation.

They are kept outside the media storage (never served), under a random token that only the
uploading session knows, and removed after the import or after a day.
"""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP_SECONDS = 24 * 60 * 60


def staging_folder() -> Path:
    folder = Path(settings.ARCHIVE_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stage(upload: UploadedFile) -> str:
    """Store an uploaded bundle; returns its token."""
    remove_stale()
    token = secrets.token_hex(16)
    with (staging_folder() / f"{token}.zip").open("xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def staged_path(token: str) -> Path | None:
    if not TOKEN.match(token or ""):
        return None
    path = staging_folder() / f"{token}.zip"
    return path if path.is_file() else None


def discard(token: str) -> None:
    if path := staged_path(token):
        path.unlink(missing_ok=True)


def remove_stale() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in staging_folder().glob("*.zip"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
