"""The archive bundle format: names, paths, limits and the JSON Schema."""

import json
import re
from functools import cache
from pathlib import Path, PurePosixPath

from django.conf import settings
from jsonschema import Draft202012Validator

FORMAT_NAME = "bzkmemory-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SCHEMA_PATH = Path(__file__).parent / "schema" / "archive-bundle-v1.schema.json"
LANGUAGES = ("nl", "en")


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def validator(definition: str) -> Draft202012Validator:
    """A validator for one definition of the schema: ``manifest``, ``programme`` or
    ``exhibition``."""
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema()["$defs"]})


def document_content_types() -> set[str]:
    return set(schema()["$defs"]["document_content_type"]["enum"])


def image_content_types() -> set[str]:
    return set(schema()["$defs"]["image_content_type"]["enum"])


def video_content_types() -> set[str]:
    return set(schema()["$defs"]["video_content_type"]["enum"])


CAPTIONS_CONTENT_TYPE = "text/vtt"


def programme_path(slug: str) -> str:
    return f"programmes/{slug}.json"


def document_file_path(slug: str, key: str, stored_name: str) -> str:
    return f"files/{slug}/documents/{key}{_suffix(stored_name)}"


def image_file_path(slug: str, stored_name: str) -> str:
    return f"files/{slug}/image{_suffix(stored_name)}"


def exhibition_path(slug: str) -> str:
    return f"exhibitions/{slug}.json"


def exhibition_files_folder(slug: str) -> str:
    """Where an exhibition's files are: deeper than any programme's files/<slug>/..., so that
    the two never share a name."""
    return f"files/exhibitions/{slug}/"


def item_file_path(slug: str, item: str, name: str, stored_name: str) -> str:
    """A timeline item's file: ``name`` is image, video, captions-nl or captions-en."""
    return f"{exhibition_files_folder(slug)}{item}/{name}{_suffix(stored_name)}"


# MDTO metadata an export writes with --mdto, for an e-depot: derived from the programme
# documents, so an import does not read it (see docs/ARCHIVE_FORMAT.md).
MDTO_SUFFIX = ".mdto.xml"
_MDTO_ENTRY = re.compile(
    r"^mdto/[-a-zA-Z0-9_]+(/[-a-zA-Z0-9_]+)?\.mdto\.xml$"
    r"|^files/[-a-zA-Z0-9_]+/documents/[-a-zA-Z0-9_]+(\.[a-z0-9]{1,8})?\.mdto\.xml$"
)


def mdto_programme_path(slug: str) -> str:
    return f"mdto/{slug}{MDTO_SUFFIX}"


def mdto_document_path(slug: str, key: str) -> str:
    return f"mdto/{slug}/{key}{MDTO_SUFFIX}"


def mdto_file_path(file_path: str) -> str:
    """The bestand of a file in the bundle: next to it, its name plus .mdto.xml."""
    return f"{file_path}{MDTO_SUFFIX}"


def is_mdto_path(name: str) -> bool:
    """Whether an entry is at a place where exports write MDTO metadata."""
    return _MDTO_ENTRY.match(name) is not None


def _suffix(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 9 else ""


class Limits:
    """Bounds on what a bundle may hold, from settings (see docs/ARCHIVE_FORMAT.md)."""

    @property
    def entries(self) -> int:
        return settings.ARCHIVE_MAX_ENTRIES

    @property
    def total_bytes(self) -> int:
        return settings.ARCHIVE_MAX_TOTAL_BYTES

    @property
    def file_bytes(self) -> int:
        return settings.DOCUMENT_MAX_UPLOAD_BYTES

    @property
    def json_bytes(self) -> int:
        return settings.ARCHIVE_MAX_JSON_BYTES

    @property
    def compression_ratio(self) -> int:
        return settings.ARCHIVE_MAX_COMPRESSION_RATIO


LIMITS = Limits()
