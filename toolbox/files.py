"""Facts about a stored document file, computed from its bytes, never typed by hand."""

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

import filetype
import pypdf

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1024 * 1024
# Enough bytes for every signature filetype knows (OOXML and ODF look inside the zip header).
SNIFF_SIZE = 8192
TEXT_TYPES = {".csv": "text/csv"}
# What documents may be: by their content, whatever their name says.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "text/plain": ".txt",
    "text/csv": ".csv",
}
# Text that a browser would run or render as a page; never accepted as a plain text.
MARKUP = re.compile(rb"^\s*<(!doctype|html|head|body|script|svg|\?xml|iframe|object|meta)\b", re.I)


@dataclass(frozen=True)
class FileFacts:
    size: int
    sha256: str
    content_type: str
    page_count: int | None = None


def file_facts(stream: BinaryIO, *, name: str = "") -> FileFacts:
    """Size, SHA-256, content type and (for a PDF) page count of a file.

    The content type comes from the file's own bytes (its magic number); text without one is
    ``text/plain`` (or ``text/csv`` by its extension), anything else unknown is
    ``application/octet-stream``.
    """
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = b""
    while chunk := stream.read(CHUNK_SIZE):
        if len(head) < SNIFF_SIZE:
            head += chunk[: SNIFF_SIZE - len(head)]
        digest.update(chunk)
        size += len(chunk)
    content_type = _sniff(head, name)
    page_count = _pdf_page_count(stream) if content_type == "application/pdf" else None
    stream.seek(0)
    return FileFacts(
        size=size, sha256=digest.hexdigest(), content_type=content_type, page_count=page_count
    )


def _pdf_page_count(stream: BinaryIO) -> int | None:
    """The number of pages of a PDF, or None if the file cannot be read as one."""
    stream.seek(0)
    try:
        return len(pypdf.PdfReader(stream).pages)
    except Exception:
        logger.info("Could not count the pages of a PDF", exc_info=True)
        return None


def _sniff(head: bytes, name: str) -> str:
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if _looks_like_text(head):
        text = head.removeprefix(b"\xef\xbb\xbf")
        if MARKUP.match(text):
            if b"<svg" in text[:1024].lower():
                return "image/svg+xml"
            return "application/xml" if text.lstrip().startswith(b"<?xml") else "text/html"
        return TEXT_TYPES.get(PurePath(name).suffix.lower(), "text/plain")
    return "application/octet-stream"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sniffed head may end in the middle of a multi-byte character.
        return error.start >= len(head) - 3
    return True
