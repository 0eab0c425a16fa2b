"""The visitor's cookie choice: the banner's buttons and the cookie settings page."""

from cookie_consent.models import CookieGroup
from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from website import analytics, rate_limits
from website.consent import (
    choice_for,
    consent_of,
    is_same_origin,
    optional_groups,
    record_choice,
)

CHOICES = {"accept": True, "decline": False}


@never_cache
@csrf_exempt  # no token cookie exists before the choice; is_same_origin guards instead
def cookie_settings(request: HttpRequest) -> HttpResponse:
    """GET: every cookie group with its purpose and cookies. POST: record a choice."""
    if request.method == "POST":
        return _choose(request)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    groups = list(CookieGroup.objects.prefetch_related("cookie_set").order_by("ordering", "pk"))
    for group in groups:
        group.choice = None if group.is_required else choice_for(request, group.varname)
    return render(request, "cookie_settings.html", {"groups": groups})


def _choose(request: HttpRequest) -> HttpResponse:
    if not is_same_origin(request):
        return HttpResponseForbidden(
            _("This choice can only be made on a page of this website."),
            content_type="text/plain; charset=utf-8",
        )
    accept = CHOICES.get(request.POST.get("choice", ""))
    groups = optional_groups(request.POST.get("group", ""))
    if accept is None or not groups:
        return HttpResponseBadRequest(
            _("Choose to accept or decline a known group of cookies."),
            content_type="text/plain; charset=utf-8",
        )
    # Counted once the choice is valid: each one adds a row to the consent log.
    refused = rate_limits.refusal(request, "consent", per_minute=settings.CONSENT_POSTS_PER_MINUTE)
    if refused is not None:
        return refused
    if _wants_json(request):
        # The banner's script loads the analytics script right away when this says so.
        counting = accept and not consent_of(request).privacy_signal and analytics.is_configured()
        response = JsonResponse({"analytics": counting})
    else:
        response = HttpResponseRedirect(_safe_next(request), status=303)
    record_choice(request, response, accept=accept, groups=groups)
    if not accept:
        analytics.forget_visitor(response)
    return response


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _safe_next(request: HttpRequest) -> str:
    """Back to the page the choice was made on, never to another site."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")
