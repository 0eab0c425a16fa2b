import logging
from datetime import UTC, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from website.models import SitePage
from website.page_cache import cached_page, stamp_of
from website.public_urls import absolute_url

logger = logging.getLogger(__name__)


def site_page(request: HttpRequest, key: str) -> HttpResponse:
    page = get_object_or_404(SitePage, key=key)
    return cached_page(
        request,
        stamp=stamp_of(page.updated_at, extra=key),
        last_modified=page.updated_at,
        render=lambda: render(request, "site_page.html", {"page": page}),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's style, or a plain one if even that cannot be rendered."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page itself could not be rendered")
        return HttpResponseServerError(
            "<!DOCTYPE html><html lang=nl><title>Er ging iets mis</title>"
            "<h1>Er ging iets mis</h1><p>Probeer het later opnieuw. "
            '<a href="/">Naar de homepage</a></p>'
        )


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=86400)
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: where to report a vulnerability. The file expires so that it is kept current."""
    expires = (timezone.now() + timedelta(days=settings.SECURITY_TXT_VALID_DAYS)).replace(
        microsecond=0
    )
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACTS]
    lines += [
        f"Expires: {expires.astimezone(UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {absolute_url(request.path, request)}",
    ]
    if settings.SECURITY_TXT_POLICY:
        lines.append(f"Policy: {settings.SECURITY_TXT_POLICY}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
