import mimetypes

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from bzkmemory.models import SiteSettings
from programmes.models import Programme


class ProgrammeDetailView(DetailView):
    context_object_name = "programme"

    def get_queryset(self):
        # published() compares with the current time, so it is evaluated per request.
        return Programme.objects.published().with_page_content()

    def get_context_data(self, **kwargs):
        return super().get_context_data(site_settings=SiteSettings.objects.current(), **kwargs)


def programme_image(request: HttpRequest, slug: str) -> FileResponse:
    """The image of a published programme, from whichever storage holds it."""
    programme = get_object_or_404(Programme.objects.published().exclude(image=""), slug=slug)
    try:
        stream = programme.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(programme.image.name)[0] or "application/octet-stream"
    response = FileResponse(stream, content_type=content_type)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
