from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bzkmemory.models import SiteSettings
from programmes.models import Programme


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "site_settings": SiteSettings.objects.current(),
            "programmes": Programme.objects.published(),
        },
    )
