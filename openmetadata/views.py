import hashlib
from functools import partial

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_http_methods

from openmetadata import oai, open_data
from publishing import freshness
from website.public_urls import absolute_url


def stamp_digest(stamp: str) -> str:
    return hashlib.sha256(stamp.encode()).hexdigest()[:20]


# Harvesters POST without cookies or tokens; the protocol only reads, so there is nothing a
# forged request could change.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def oai_pmh(request: HttpRequest) -> HttpResponse:
    arguments = request.POST if request.method == "POST" else request.GET
    # Addresses in metadata are the Dutch (default) ones, whatever the harvester's language.
    with translation.override("nl"):
        link = partial(absolute_url, request=request)
        body = oai.respond(dict(arguments.lists()), link(reverse("oai_pmh")), link)
    response = HttpResponse(body, content_type="text/xml; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def _open_data_version(request: HttpRequest, kind: str) -> tuple[str, object]:
    """The ETag and Last-Modified of an open data file, read once per request."""
    if not hasattr(request, "_open_data_version"):
        stamp, changed, _site_changed = freshness.listings()
        language = translation.get_language()
        request._open_data_version = (f"{kind}-{language}-{stamp_digest(stamp)}", changed)
    return request._open_data_version


def _open_data(kind: str, content_type: str, chunks):
    @condition(
        etag_func=lambda request: _open_data_version(request, kind)[0],
        last_modified_func=lambda request: _open_data_version(request, kind)[1],
    )
    @require_http_methods(["GET", "HEAD"])
    def view(request: HttpRequest) -> StreamingHttpResponse:
        link = partial(absolute_url, request=request)
        response = StreamingHttpResponse(
            chunks(link, translation.get_language()), content_type=content_type
        )
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return view


open_data_json = _open_data("json", "application/json; charset=utf-8", open_data.json_chunks)
open_data_csv = _open_data(
    "csv",
    "text/csv; charset=utf-8; header=present",
    lambda link, language: open_data.csv_chunks(link),
)

open_data_exhibitions_json = _open_data(
    "exhibitions-json", "application/json; charset=utf-8", open_data.exhibitions_json_chunks
)
open_data_exhibitions_csv = _open_data(
    "exhibitions-csv",
    "text/csv; charset=utf-8; header=present",
    lambda link, language: open_data.exhibitions_csv_chunks(link),
)
