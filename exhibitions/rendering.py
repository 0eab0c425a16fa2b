"""Exhibition pages rendered once when they change, so that a page no cache holds is a lookup.

The blocks of an exhibition page (exhibitions/exhibition_detail.html) are rendered when the
exhibition or anything of it is written (``refresh``, on commit, registered with
publishing/changes.py) and kept as an ``ExhibitionRendering``; a request for a page the page
cache does not hold then reads that row and places its blocks in the site's frame.

What an exhibition page shows is not only its own: its related programmes (and which of them
are public, which a scheduled publication changes without a write), the documents its items
cite, its curator, its themes. So a stored page is stamped with the archive's change stamp it
was rendered under, the one the page cache keys exhibition pages on (publishing/freshness.py
``listings``: every write to the archive and every publication time that comes moves it),
besides the code and the site's address. A stored page is used only while that stamp is
current; anything else, a missing row included, is rendered live and stored. No write path can
leave a stale page behind, only a slower one: after a write elsewhere in the archive the first
visit renders the page again. The stamp is read before the content, so a page is never stored
under a stamp newer than what it shows.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, router
from django.http import HttpRequest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from exhibitions.models import Exhibition, ExhibitionRendering
from programmes.rendering import (
    OriginRequest,
    code_version,
    origin_of,
    pack,
    render_blocks,
    store,
    unpack,
)
from publishing import freshness
from website.public_urls import configured_base

logger = logging.getLogger(__name__)

TEMPLATE = "exhibitions/exhibition_detail.html"


def stamp_of(origin: str, listing: str) -> str:
    return f"{code_version()}|{origin}|{listing}"


def stored_parts(request: HttpRequest, slug: str, listing: str) -> dict[str, SafeString] | None:
    """The blocks of the page of the exhibition at ``slug`` in the active language, if a
    current rendering is stored (``listing`` is the archive's change stamp now), else None."""
    found = _read(slug, translation.get_language())
    if found is None or found[0] != stamp_of(origin_of(request), listing):
        return None
    return _safe(unpack(found[1]))


def render_and_store(
    exhibition: Exhibition, request: HttpRequest, listing: str
) -> dict[str, SafeString]:
    """The page's blocks rendered now for this visitor's address, and stored under the
    archive's change stamp ``listing``, read before ``exhibition`` was."""
    parts = render_parts(exhibition, request)
    origin = origin_of(request)
    language = translation.get_language()
    _store([_row(exhibition.pk, language, origin, stamp_of(origin, listing), parts)])
    return _safe(parts)


def render_parts(exhibition: Exhibition, request: HttpRequest) -> dict[str, str]:
    """The blocks of the exhibition's page, rendered in the active language."""
    context = {
        "exhibition": exhibition,
        "request": request,
        "LANGUAGE_CODE": translation.get_language(),
    }
    return render_blocks(TEMPLATE, context)


def refresh(ids: Iterable[int]) -> None:
    """Render and store the pages of these exhibitions in every language, those visitors may
    see (publishing/changes.py calls it when they changed). A page whose site address is not
    known yet (no PUBLIC_BASE_URL and no visit so far) is left to its first visit."""
    ids = sorted(set(ids))
    base = configured_base()
    origins = {
        (exhibition_id, language): origin
        for exhibition_id, language, origin in ExhibitionRendering.objects.filter(
            exhibition_id__in=ids
        ).values_list("exhibition_id", "language", "origin")
    }
    if not ids or (not base and not origins):
        return
    # First the stamp, then what it stamps: a write in between leaves a page newer than its
    # stamp (rendered again on the next visit), never older.
    listing = freshness.listings()[0]
    rows = []
    for exhibition in Exhibition.objects.published().with_page_content().filter(pk__in=ids):
        for language, _name in settings.LANGUAGES:
            origin = base or origins.get((exhibition.pk, language))
            if not origin:
                continue
            with translation.override(language):
                parts = render_parts(exhibition, OriginRequest(origin))
            rows.append(_row(exhibition.pk, language, origin, stamp_of(origin, listing), parts))
    _store(rows)


def forget(ids: Iterable[int]) -> None:
    """Remove the stored pages of these exhibitions (they are rendered on their next visit)."""
    ExhibitionRendering.objects.filter(exhibition_id__in=list(ids)).delete()


def _safe(parts: dict[str, str]) -> dict[str, SafeString]:
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308 - rendered here


def _row(
    exhibition_id: int, language: str, origin: str, stamp: str, parts: dict
) -> ExhibitionRendering:
    return ExhibitionRendering(
        exhibition_id=exhibition_id,
        language=language,
        origin=origin,
        stamp=stamp,
        parts=pack(parts),
    )


def _store(rows: list[ExhibitionRendering]) -> None:
    store(ExhibitionRendering, "exhibition", rows)


def _read(slug: str, language: str) -> tuple[str, str] | None:
    """The stored ``(stamp, parts)`` of the exhibition (not a draft) at ``slug``: one indexed
    read, without building a queryset."""
    connection = connections[router.db_for_read(ExhibitionRendering)]
    quote = connection.ops.quote_name
    stored = quote(ExhibitionRendering._meta.db_table)
    exhibitions = quote(Exhibition._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.stamp, r.parts FROM {stored} r JOIN {exhibitions} e"  # noqa: S608 - tables
            " ON e.id = r.exhibition_id"
            " WHERE e.slug = %s AND e.draft_of_id IS NULL AND r.language = %s",
            [slug, language],
        )
        return cursor.fetchone()
