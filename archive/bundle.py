"""Reading a bundle from a folder or a .zip, refusing anything unsafe before it is read.

Entry names must be plain relative paths (no "..", no absolute paths, no backslashes, no
symbolic links); the number of entries, their total size, each file's size and (in a zip) the
compression ratio are bounded, so that neither a zip bomb nor a crafted folder can exhaust the
machine. Nothing is ever extracted to disk: entries are read as streams.
"""

import hashlib
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.utils.translation import gettext as _

from archive.format import LIMITS
from archive.problems import Problem, Refused

CHUNK = 1024 * 1024
# What reading a damaged bundle can raise.
UNREADABLE = (zipfile.BadZipFile, OSError, zlib.error, EOFError, NotImplementedError, RuntimeError)


def open_bundle(path: str | os.PathLike) -> "Bundle":
    """A bundle at ``path``: a folder or a .zip. Raises Refused if it is neither, or unsafe."""
    path = Path(path)
    if path.is_symlink():
        raise Refused([Problem(path.name, "", _("The bundle may not be a symbolic link."))])
    if path.is_dir():
        return DirectoryBundle(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return ZipBundle(path)
    if path.exists():
        raise Refused([Problem(path.name, "", _("This is neither a folder nor a .zip file."))])
    raise Refused([Problem(str(path), "", _("There is no bundle at this path."))])


def unsafe_name(name: str) -> str | None:
    """Why an entry name is not acceptable, or None if it is a plain relative path."""
    if not name or "\x00" in name:
        return _("An entry has an empty or invalid name.")
    if "\\" in name:
        return _("Entry names may not contain backslashes.")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return _("Entry names must be relative, not absolute.")
    parts = PurePosixPath(name).parts
    if any(part in {"..", "."} for part in parts) or "//" in name:
        return _("Entry names may not contain '..', '.' or empty parts.")
    return None


class Bundle:
    name: str

    def __init__(self) -> None:
        self._sizes: dict[str, int] = {}

    def names(self) -> list[str]:
        return sorted(self._sizes)

    def size(self, name: str) -> int:
        return self._sizes[name]

    def __contains__(self, name: str) -> bool:
        return name in self._sizes

    def open(self, name: str) -> BinaryIO:
        raise NotImplementedError

    def open_seekable(self, name: str) -> BinaryIO:
        """The entry as a stream that can seek (PDF readers and image libraries need that)."""
        return self.open(name)

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read(self._sizes[name] + 1)

    def sha256(self) -> str:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Bundle":
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    def _check_totals(self, problems: list[Problem]) -> None:
        if len(self._sizes) > LIMITS.entries:
            problems.append(
                Problem(
                    self.name,
                    "",
                    _("The bundle holds %(count)s files; at most %(limit)s are accepted.")
                    % {"count": len(self._sizes), "limit": LIMITS.entries},
                )
            )
        total = sum(self._sizes.values())
        if total > LIMITS.total_bytes:
            problems.append(
                Problem(
                    self.name,
                    "",
                    _(
                        "The bundle's files add up to %(total)s bytes; "
                        "at most %(limit)s are accepted."
                    )
                    % {"total": total, "limit": LIMITS.total_bytes},
                )
            )


class DirectoryBundle(Bundle):
    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root.resolve()
        self.name = root.name
        problems: list[Problem] = []
        for directory, subdirectories, files in os.walk(self.root, followlinks=False):
            for entry in (*subdirectories, *files):
                full = Path(directory) / entry
                name = full.relative_to(self.root).as_posix()
                info = full.lstat()
                if stat.S_ISLNK(info.st_mode):
                    problems.append(Problem(name, "", _("Symbolic links are not accepted.")))
                elif stat.S_ISREG(info.st_mode):
                    if reason := unsafe_name(name):
                        problems.append(Problem(name, "", reason))
                    else:
                        self._sizes[name] = info.st_size
                elif not stat.S_ISDIR(info.st_mode):
                    problems.append(Problem(name, "", _("Only ordinary files are accepted.")))
            if len(self._sizes) > LIMITS.entries:
                break
        self._check_totals(problems)
        if problems:
            raise Refused(problems)

    def open(self, name: str) -> BinaryIO:
        path = self.root / name
        # Opened without following a link that might have appeared since the folder was read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        return os.fdopen(fd, "rb")

    def sha256(self) -> str:
        """A digest over every entry's name and content, in name order."""
        digest = hashlib.sha256()
        for name in self.names():
            digest.update(name.encode() + b"\x00")
            with self.open(name) as stream:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
        return digest.hexdigest()


class ZipBundle(Bundle):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.name = path.name
        try:
            self.zip = zipfile.ZipFile(path)
        # NotImplementedError: a zip that asks for a newer zip version than Python reads (or a
        # damaged byte that says so).
        except (zipfile.BadZipFile, OSError, NotImplementedError) as error:
            raise Refused(
                [
                    Problem(
                        self.name,
                        "",
                        _("The zip file cannot be read: %(error)s") % {"error": error},
                    )
                ]
            ) from None
        problems: list[Problem] = []
        infos = self.zip.infolist()
        if len(infos) > LIMITS.entries:
            self.zip.close()
            raise Refused(
                [
                    Problem(
                        self.name,
                        "",
                        _("The zip holds %(count)s entries; at most %(limit)s are accepted.")
                        % {"count": len(infos), "limit": LIMITS.entries},
                    )
                ]
            )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                problems.append(Problem(name, "", _("Symbolic links are not accepted.")))
                continue
            if reason := unsafe_name(name.rstrip("/") if info.is_dir() else name):
                problems.append(Problem(name, "", reason))
                continue
            if info.is_dir():
                continue
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                problems.append(
                    Problem(name, "", _("Only stored or deflated entries are accepted."))
                )
                continue
            if info.flag_bits & 0x1:
                problems.append(Problem(name, "", _("Encrypted entries are not accepted.")))
                continue
            if name in self._infos:
                problems.append(Problem(name, "", _("The zip holds this name twice.")))
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > CHUNK and ratio > LIMITS.compression_ratio:
                problems.append(
                    Problem(
                        name,
                        "",
                        _(
                            "Compressed %(ratio)d to 1, more than the %(limit)s to 1 "
                            "accepted (a zip bomb?)."
                        )
                        % {"ratio": ratio, "limit": LIMITS.compression_ratio},
                    )
                )
                continue
            self._infos[name] = info
            self._sizes[name] = info.file_size
        self._check_totals(problems)
        if problems:
            self.zip.close()
            raise Refused(problems)

    def open(self, name: str) -> BinaryIO:
        # zipfile never yields more than the entry's declared size, and checks its CRC.
        return self.zip.open(self._infos[name])

    def open_seekable(self, name: str) -> BinaryIO:
        # Seeking backwards in a compressed entry decompresses it again from the start; a
        # spooled copy (in memory when small, on disk when large) keeps that cheap.
        copy = tempfile.SpooledTemporaryFile(max_size=8 * CHUNK)  # noqa: SIM115 - returned open
        with self.open(name) as stream:
            shutil.copyfileobj(stream, copy, CHUNK)
        copy.seek(0)
        return copy

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def close(self) -> None:
        self.zip.close()
