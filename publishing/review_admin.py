"""The admin's list "Ter beoordeling": everything of every published kind that waits for an
Eindredacteur, the longest waiting first."""

from django.contrib import admin
from django.contrib.admin.sites import AdminSite
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from publishing.models import Publication
from publishing.review import waiting_for_review


def review_rows(request: HttpRequest, site: AdminSite) -> list[dict]:
    """What waits for review, of the kinds this user may see in this admin."""
    rows = []
    for model, model_admin in site._registry.items():
        if not issubclass(model, Publication) or not model_admin.has_view_or_change_permission(
            request
        ):
            continue
        meta = model._meta
        for work in waiting_for_review(model):
            live = work.live_item()
            author = work.submitted_by
            rows.append(
                {
                    "title": work.title,
                    "kind": capfirst(meta.verbose_name),
                    "is_change": work.is_draft_copy,
                    "submitted_by": (author.get_full_name() or author.get_username())
                    if author
                    else "—",
                    "submitted_at": work.submitted_at,
                    "note": work.review_note,
                    "url": reverse(
                        f"{site.name}:{meta.app_label}_{meta.model_name}_change", args=[live.pk]
                    ),
                }
            )
    return sorted(rows, key=lambda row: row["submitted_at"])


def review_list_view(request: HttpRequest) -> HttpResponse:
    rows = review_rows(request, admin.site)
    context = {
        **admin.site.each_context(request),
        "title": _("Waiting for review"),
        "rows": rows,
    }
    response = render(request, "admin/publishing/review_list.html", context)
    add_never_cache_headers(response)
    return response
