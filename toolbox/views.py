import logging

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
)
from django.shortcuts import get_object_or_404
from django.utils.http import (
    content_disposition_header,
    http_date,
    parse_http_date_safe,
    quote_etag,
)

from toolbox.models import ToolboxDocument
from website.file_responses import ranged_file_response

logger = logging.getLogger(__name__)

# Only PDFs open in the browser; every other type is offered as a download.
INLINE_TYPES = {"application/pdf"}


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


def _not_modified(request: HttpRequest, etag: str, document: ToolboxDocument) -> bool:
    match = request.headers.get("If-None-Match")
    if match is not None:
        return etag in {tag.strip().removeprefix("W/") for tag in match.split(",")} or match == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(document.updated_at.timestamp()) <= since


def _disposition(document: ToolboxDocument) -> str:
    return content_disposition_header(
        document.content_type not in INLINE_TYPES, document.download_name
    )
