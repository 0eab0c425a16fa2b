import logging

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
)
from django.urls import reverse
from django.utils.http import (
    content_disposition_header,
    http_date,
    parse_http_date_safe,
    quote_etag,
)

from toolbox.models import ToolboxDocument
from website.file_responses import ranged_file_response

logger = logging.getLogger(__name__)

# The toolbox names its programme by a string only (docs/ARCHITECTURE.md); the model is the
# foreign key's.
Programme = ToolboxDocument._meta.get_field("programme").related_model

# Only PDFs open in the browser; every other type is offered as a download.
INLINE_TYPES = {"application/pdf"}


def download(request: HttpRequest, programme_slug: str, key: str) -> HttpResponse:
    """A published document's file: conditional (ETag from its SHA-256), with byte ranges.

    Its address is in published metadata (OAI-PMH, MDTO, open data), so the address it had
    under a programme's former slug redirects to the current one, as the programme page does.
    """
    document = (
        ToolboxDocument.objects.public()
        .select_related("programme")
        .exclude(file="")
        .filter(programme__slug=programme_slug, key=key)
        .first()
    )
    if document is None:
        return _moved(programme_slug, key)
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


def _moved(programme_slug: str, key: str) -> HttpResponse:
    moved = Programme.objects.moved_or_gone(programme_slug)
    if moved is None or moved.slug == programme_slug or not moved.is_public:
        raise Http404
    kwargs = {"programme_slug": moved.slug, "key": key}
    return HttpResponsePermanentRedirect(reverse("toolbox:download", kwargs=kwargs))


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
