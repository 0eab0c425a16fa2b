"""The files a bundle holds: which document names which file, whether each file is what its
document says it is, and how the import places files in storage.

A file is named once in the whole bundle; its size, SHA-256 and content type (by its own
bytes: its magic number, and for a video and captions the same checks as an upload in the
admin) must be what the document states, and of a type allowed where it is used. An import
writes only new content, under a generated name, and only after its transaction has committed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from PIL import Image, UnidentifiedImageError

from archive.bundle import UNREADABLE, Bundle
from archive.format import (
    CAPTIONS_CONTENT_TYPE,
    LIMITS,
    document_content_types,
    image_content_types,
    video_content_types,
)
from archive.problems import Problem, _
from exhibitions.models import captions_are_webvtt, video_type
from toolbox.files import file_facts
from website import images

# What a named file is: which content types it may have and how it is read.
DOCUMENT_FILE = "document"
IMAGE_FILE = "image"
ITEM_IMAGE_FILE = "item image"
VIDEO_FILE = "video"
CAPTIONS_FILE = "captions"

ALLOWED_TYPES: dict[str, Callable[[], set[str]]] = {
    DOCUMENT_FILE: document_content_types,
    IMAGE_FILE: image_content_types,
    ITEM_IMAGE_FILE: image_content_types,
    VIDEO_FILE: video_content_types,
    CAPTIONS_FILE: lambda: {CAPTIONS_CONTENT_TYPE},
}


@dataclass(frozen=True)
class FileReference:
    """A file entry of a document: where it is in the document, what it states, what it is."""

    json_path: str
    declared: dict
    kind: str


@dataclass
class NamedFile:
    """A file a programme or exhibition document names, with what the document says about it."""

    bundle_path: str
    document_path: str
    json_path: str
    declared: dict
    kind: str
    page_count: int | None = None
    width: int | None = None
    height: int | None = None

    @property
    def is_image(self) -> bool:
        return self.kind in (IMAGE_FILE, ITEM_IMAGE_FILE)


def content_type_of(kind: str, stream, sniffed: str) -> str:
    """A file's type as the site judges it: a video (MP4 or WebM) and captions (WebVTT) by the
    same checks as an upload in the admin, anything else by its magic number (``sniffed``)."""
    if kind == VIDEO_FILE:
        return video_type(stream) or sniffed
    if kind == CAPTIONS_FILE:
        return CAPTIONS_CONTENT_TYPE if captions_are_webvtt(stream) else sniffed
    return sniffed


# Naming ----------------------------------------------------------------------------------------


def name_files(
    references: Iterable[FileReference],
    document_path: str,
    files: list[NamedFile],
    named: dict[str, str],
) -> list[Problem]:
    """Count each file a (valid) document names as named by it, once in the whole bundle."""
    problems = []
    for reference in references:
        path = reference.declared["path"]
        if path in named:
            problems.append(
                Problem(
                    document_path,
                    f"{reference.json_path}.path",
                    _(
                        "%(path)s is also named by %(other)s; name each file once.",
                        path=path,
                        other=named[path],
                    ),
                )
            )
            continue
        named[path] = document_path
        files.append(
            NamedFile(path, document_path, reference.json_path, reference.declared, reference.kind)
        )
    return problems


def claim_files(
    references: Iterable[FileReference],
    named: dict[str, str],
    document_path: str,
    bundle: Bundle,
    folder: str | None = None,
) -> None:
    """Count the files an invalid document names (and, for one that cannot be read at all,
    every file in its own ``folder``) as named by it, so that they are not reported again as
    files nobody names."""
    for reference in references:
        path = reference.declared.get("path")
        if isinstance(path, str):
            named.setdefault(path, document_path)
    if folder is not None:
        for name in bundle.names():
            if name.startswith(folder):
                named.setdefault(name, document_path)


# Checking --------------------------------------------------------------------------------------


def check_file(bundle: Bundle, named_file: NamedFile, problems: list[Problem]) -> None:
    """Whether the file is there and is what its document says; reads its page count or pixel
    size on the way."""
    declared = named_file.declared
    where = named_file.json_path

    def problem(suffix: str, message: str) -> None:
        problems.append(Problem(named_file.document_path, f"{where}.{suffix}", message))

    if named_file.bundle_path not in bundle:
        problem("path", _("%(path)s is not in the bundle.", path=named_file.bundle_path))
        return
    size = bundle.size(named_file.bundle_path)
    if size > LIMITS.file_bytes:
        problem(
            "size",
            _(
                "The file is %(size)s bytes; at most %(limit)s are accepted.",
                size=size,
                limit=LIMITS.file_bytes,
            ),
        )
        return
    if size != declared["size"]:
        problem(
            "size",
            _(
                "The file is %(size)s bytes, not the %(stated)s stated.",
                size=size,
                stated=declared["size"],
            ),
        )
        return
    try:
        with bundle.open_seekable(named_file.bundle_path) as stream:
            facts = file_facts(stream, name=named_file.bundle_path)
            content_type = content_type_of(named_file.kind, stream, facts.content_type)
    except UNREADABLE as error:
        problem("path", _("The file cannot be read: %(error)s", error=error))
        return
    if facts.sha256 != declared["sha256"]:
        problem(
            "sha256",
            _("The file's SHA-256 checksum does not match: the file has changed or is damaged."),
        )
        return
    if content_type != declared["content_type"]:
        problem(
            "content_type",
            _(
                "The file is stated to be %(stated)s, but its content is %(actual)s.",
                stated=declared["content_type"],
                actual=content_type,
            ),
        )
        return
    if content_type not in ALLOWED_TYPES[named_file.kind]():
        problem(
            "content_type",
            _("Files of type %(type)s are not accepted here.", type=content_type),
        )
        return
    named_file.page_count = facts.page_count
    if named_file.kind == ITEM_IMAGE_FILE:
        # As an image uploaded to a timeline item in the admin (which also bounds its pixels).
        try:
            with bundle.open_seekable(named_file.bundle_path) as stream:
                _format, named_file.width, named_file.height = images.inspect(stream)
        except ValidationError as error:
            problem("path", " ".join(error.messages))
        except UNREADABLE as error:
            problem("path", _("The image cannot be read: %(error)s", error=error))
    elif named_file.is_image:
        try:
            with (
                bundle.open_seekable(named_file.bundle_path) as stream,
                Image.open(stream) as image,
            ):
                image.verify()
                named_file.width, named_file.height = image.size
        except (
            UnidentifiedImageError,
            OSError,
            Image.DecompressionBombError,
            SyntaxError,
        ) as error:
            problem("path", _("The image cannot be read: %(error)s", error=error))


# Placing ---------------------------------------------------------------------------------------


@dataclass
class StorageWork:
    """Files to write once the transaction has committed.

    Files that an import replaces or whose document it removes are not deleted: earlier
    versions in the history still name them, and restoring one must find its file.
    """

    writes: list[tuple[str, str]] = field(default_factory=list)  # (bundle path, storage name)


def stored_sha256(stored: FieldFile) -> str | None:
    """The SHA-256 of a stored file, read from storage; None if it is missing."""
    try:
        with stored.open("rb") as stream:
            return file_facts(stream, name=stored.name).sha256
    except FileNotFoundError:
        return None


def place_file(
    stored: FieldFile,
    declared: dict | None,
    *,
    current_sha256: Callable[[], str | None],
    upload_name: Callable[[str], str],
    files: dict[str, NamedFile],
    work: StorageWork,
) -> NamedFile | None:
    """Point a file field at the file a document declares, by name only: the content is
    written after the transaction commits (assigning the file itself would make an ImageField
    read a file that is not written yet).

    Returns the named file when new content is to be written; None when the field is emptied
    (its previous file stays in storage for the history) or already holds this content.
    """
    if declared is None:
        stored.name = ""
        return None
    if stored and current_sha256() == declared["sha256"]:
        return None
    name = upload_name(declared["path"])
    work.writes.append((declared["path"], name))
    stored.name = name
    return files[declared["path"]]


def write_files(bundle: Bundle, work: StorageWork, progress: Callable) -> None:
    """Write the placed files to storage, under the names the rows already hold."""
    try:
        for index, (bundle_path, storage_name) in enumerate(work.writes):
            progress(index, len(work.writes), "writing files")
            with bundle.open_seekable(bundle_path) as stream:
                saved = default_storage.save(storage_name, File(stream, name=storage_name))
            if saved != storage_name:
                raise OSError(f"storage chose another name for {storage_name}: {saved}")
    except OSError as error:
        raise OSError(
            _(
                "the programmes were imported, but writing their files failed (%(error)s); run "
                "the same import again to write the missing files (manage.py verify_fixity lists "
                "them)",
                error=error,
            )
        ) from error
