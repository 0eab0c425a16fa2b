"""The MDTO record of a programme at /programmas/<slug>/mdto.xml (and /en/programmes/...)."""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import http_date

from openmetadata import mdto
from openmetadata.identifiers import absolute_url
from programmes.models import Programme


def programme_mdto(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's informatieobject, for a programme visitors may see; 404 otherwise.

    One MDTO document holds one object, so this is the programme alone: its documents are
    named in it by identifier, and their own records come through OAI-PMH and the export.
    ConditionalGetMiddleware adds the ETag and answers conditional requests.
    """
    programme = get_object_or_404(
        Programme.objects.published().prefetch_related("documents"), slug=slug
    )
    record = mdto.programme_record(programme, absolute_url=partial(absolute_url, request=request))
    response = HttpResponse(mdto.serialize(record), content_type="application/xml; charset=utf-8")
    response.headers["Last-Modified"] = http_date(programme.updated_at.timestamp())
    return response
