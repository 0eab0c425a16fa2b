"""The MDTO record of a programme at /programmas/<slug>/mdto.xml and of an exhibition at
/tentoonstellingen/<slug>/mdto.xml (and their English addresses)."""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import http_date

from exhibitions.models import Exhibition
from openmetadata import mdto
from programmes.models import Programme
from website.public_urls import absolute_url


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
    return _response(record, programme.updated_at)


def exhibition_mdto(request: HttpRequest, slug: str) -> HttpResponse:
    """The exhibition's informatieobject, for an exhibition visitors may see; 404 otherwise."""
    exhibition = get_object_or_404(
        Exhibition.objects.published().select_related("curator"), slug=slug
    )
    record = mdto.exhibition_record(exhibition, absolute_url=partial(absolute_url, request=request))
    return _response(record, exhibition.updated_at)


def _response(record, changed) -> HttpResponse:
    response = HttpResponse(mdto.serialize(record), content_type="application/xml; charset=utf-8")
    response.headers["Last-Modified"] = http_date(changed.timestamp())
    return response
