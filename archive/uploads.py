"""Bundles uploaded in the admin wait in media storage between the dry run and the confirmation.

Under ``archive-uploads/`` with a random token that only the uploading session knows, in the
same storage every app server shares (so the confirmation may reach another server), never
served (the site serves media only through its own views), and removed after the import or
after a day.
"""

import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

FOLDER = "archive-uploads"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP = timedelta(days=1)


def _name(token: str) -> str | None:
    return f"{FOLDER}/{token}.zip" if TOKEN.match(token or "") else None


def stage(upload: UploadedFile) -> str:
    """Store an uploaded bundle; returns its token."""
    remove_stale()
    token = secrets.token_hex(16)
    saved = default_storage.save(_name(token), upload)
    if saved != _name(token):
        default_storage.delete(saved)
        raise OSError("The staging name was taken; upload again.")
    return token


def exists(token: str) -> bool:
    name = _name(token)
    return name is not None and default_storage.exists(name)


@contextmanager
def local_copy(token: str) -> Iterator[Path]:
    """The staged bundle as a local file, for as long as the import needs it."""
    name = _name(token)
    if name is None or not default_storage.exists(name):
        raise FileNotFoundError(token)
    with tempfile.TemporaryDirectory(prefix="bzkmemory-bundle-") as folder:
        path = Path(folder) / "bundle.zip"
        with default_storage.open(name, "rb") as stream, path.open("wb") as out:
            shutil.copyfileobj(stream, out, 1024 * 1024)
        yield path


def discard(token: str) -> None:
    if name := _name(token):
        default_storage.delete(name)


def remove_stale() -> None:
    try:
        _directories, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEEP
    for name in names:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
