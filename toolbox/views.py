import logging
import re

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.http import (
    content_disposition_header,
    http_date,
    parse_http_date_safe,
    quote_etag,
)

from toolbox.models import ToolboxDocument

logger = logging.getLogger(__name__)

# Only PDFs open in the browser; every other type is offered as a download.
INLINE_TYPES = {"application/pdf"}
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def download(request: HttpRequest, programme_slug: str, key: str) -> HttpResponse:
    """A published document's file: conditional (ETag from its SHA-256), with byte ranges."""
    document = get_object_or_404(
        ToolboxDocument.objects.public().select_related("programme").exclude(file=""),
        programme__slug=programme_slug,
        key=key,
    )
    etag = quote_etag(document.sha256)
    if _not_modified(request, etag, document):
        response = HttpResponseNotModified()
        response.headers["ETag"] = etag
        return response
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        logger.error("Document file missing from storage: %s (%s)", document.file.name, key)
        raise Http404 from None
    response = ranged_file_response(
        request, stream, size=document.file_size, content_type=document.content_type, etag=etag
    )
    response.headers["Content-Disposition"] = _disposition(document)
    # A stored file changes only with its record; archives are read for years.
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Last-Modified"] = http_date(document.updated_at.timestamp())
    # A stored file is never a page of ours: it may not run scripts or load anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def ranged_file_response(
    request: HttpRequest, stream, *, size: int, content_type: str, etag: str
) -> HttpResponse:
    """The stored file whole, or the one byte range asked for (206), or 416; with
    ``Accept-Ranges`` and the ``ETag``. Takes over ``stream``."""
    wanted = requested_range(request, etag, size)
    if wanted == "unsatisfiable":
        stream.close()
        response = HttpResponse(status=416)
        response.headers["Content-Range"] = f"bytes */{size}"
    elif wanted is not None:
        start, end = wanted
        stream.seek(start)
        response = StreamingHttpResponse(
            stream_slice(stream, end - start + 1), status=206, content_type=content_type
        )
        response.headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        response.headers["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(stream, content_type=content_type)
    response.headers["Accept-Ranges"] = "bytes"
    response.headers["ETag"] = etag
    return response


def _not_modified(request: HttpRequest, etag: str, document: ToolboxDocument) -> bool:
    match = request.headers.get("If-None-Match")
    if match is not None:
        return etag in {tag.strip().removeprefix("W/") for tag in match.split(",")} or match == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(document.updated_at.timestamp()) <= since


def requested_range(request: HttpRequest, etag: str, size: int):
    """The one byte range asked for, "unsatisfiable", or None for the whole file."""
    header = request.headers.get("Range")
    if not header or request.method not in ("GET", "HEAD"):
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != etag:
        return None  # the visitor's copy is of another version: send all of this one
    match = SINGLE_RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None  # several ranges, or nonsense: the whole file is always a valid answer
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        start, end = max(size - length, 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if start > end:
            return None if last and int(last) < start else "unsatisfiable"
    if start >= size:
        return "unsatisfiable"
    return start, end


def stream_slice(stream, length: int):
    try:
        while length > 0:
            chunk = stream.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        stream.close()


def _disposition(document: ToolboxDocument) -> str:
    return content_disposition_header(
        document.content_type not in INLINE_TYPES, document.download_name
    )
