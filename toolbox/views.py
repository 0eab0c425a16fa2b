import logging

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import http_date

from toolbox.models import ToolboxDocument

logger = logging.getLogger(__name__)

# Only PDFs open in the browser; every other type is offered as a download.
INLINE_TYPES = {"application/pdf"}


def download(request: HttpRequest, programme_slug: str, key: str) -> FileResponse:
    document = get_object_or_404(
        ToolboxDocument.objects.public().select_related("programme").exclude(file=""),
        programme__slug=programme_slug,
        key=key,
    )
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        logger.error("Document file missing from storage: %s (%s)", document.file.name, key)
        raise Http404 from None
    response = FileResponse(
        stream,
        content_type=document.content_type,
        as_attachment=document.content_type not in INLINE_TYPES,
        filename=document.download_name,
    )
    # A stored file changes only with its record; archives are read for years.
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Last-Modified"] = http_date(document.updated_at.timestamp())
    # A stored file is never a page of ours: it may not run scripts or load anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
