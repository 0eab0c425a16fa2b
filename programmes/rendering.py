"""Programme pages rendered once when they change, so that a page no cache holds is a lookup.

A programme page's blocks (title, head, facts, sections: programmes/programme_detail.html)
depend only on the programme and the language. They are rendered when the programme or any part
of it is written (``refresh``, on commit, registered with publishing/changes.py) and kept as a
``ProgrammeRendering``; a request for a page the page cache does not hold then reads that row
and places its blocks in the frame of the site (base.html: language links, consent banner),
which is the same for every page. What a programme page shows from elsewhere is put in on each
request: the site's introduction (from the site's settings).

A stored page is used only while its ``stamp`` is current: the same code (templates,
translations, static file names: a deploy changes it), the same site address, and the
programme's last change, which every write to the programme or what it shows moves (the same
rule the page cache keys on, publishing/changes.py). Anything else, a missing row included, is
rendered live and stored, so no write path can leave a stale page behind, only a slower one.
Drafts and the admin's preview are always rendered live.
"""

import hashlib
import json
import logging
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connections, router, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from programmes.models import Programme, ProgrammeRendering
from programmes.templatetags.programme_tags import (
    SITE_INTRODUCTION,
    SiteIntroductionPlaceholder,
    site_introduction,
)
from website.models import SiteSettings
from website.public_urls import absolute_url, configured_base

logger = logging.getLogger(__name__)

TEMPLATE = "programmes/programme_detail.html"
ROOT = Path(__file__).resolve().parent.parent
# What a page is made of: the project's code, templates and translations.
SOURCES = ("bzkmemory", "website", "publishing", "themes", "toolbox", "programmes",
           "exhibitions", "templates")  # fmt: skip
CHUNK = 200


@cache
def code_version() -> str:
    """A digest of everything a stored page is rendered from, so that a deploy that changes
    any of it makes every stored page out of date."""
    digest = hashlib.sha256(django.__version__.encode())
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".mo"}:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    read_manifest = getattr(staticfiles_storage, "read_manifest", None)
    digest.update((read_manifest() if read_manifest else "").encode() if read_manifest else b"")
    return digest.hexdigest()[:16]


def origin_of(request: HttpRequest) -> str:
    """The address the page's absolute links are made on (website/public_urls.py)."""
    return configured_base() or f"{request.scheme}://{request.get_host()}"


def stamp_of(origin: str, changed: datetime) -> str:
    return f"{code_version()}|{origin}|{changed.timestamp():.6f}"


def page_parts(
    request: HttpRequest, programme_id: int, changed: datetime, site_changed: datetime | None
) -> dict[str, SafeString]:
    """The programme page's blocks in the active language, from the store when they are
    current, else rendered (and stored). ``changed`` is the programme's last change,
    ``site_changed`` the site settings' (publishing/freshness.py reads both)."""
    language = translation.get_language()
    origin = origin_of(request)
    found = _read(programme_id, language)
    if found is not None and found[0] == stamp_of(origin, changed):
        parts = unpack(found[1])
    else:
        programme = Programme.objects.with_page_content().get(pk=programme_id)
        parts = render_parts(programme, request)
        _store([_row(programme, language, origin, parts)])
    parts["content"] = parts["content"].replace(
        SITE_INTRODUCTION, _site_introduction(language, site_changed), 1
    )
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308 - rendered here


def render_parts(programme: Programme, request: HttpRequest) -> dict[str, str]:
    """The blocks of the programme's page, rendered in the active language, with a placeholder
    for the site's introduction."""
    context = {
        "programme": programme,
        "site_settings": SiteIntroductionPlaceholder(),
        "request": request,
        "LANGUAGE_CODE": translation.get_language(),
        # As website.context_processors.language_alternates makes it for the page's address.
        "canonical_url": absolute_url(programme.get_absolute_url(), request),
    }
    return render_blocks(TEMPLATE, context)


def pack(parts: dict[str, str]) -> str:
    """The blocks as one text to store: a first line naming each block with its length, then
    the blocks one after the other. Taken apart by slicing, which costs next to nothing,
    where decoding the same blocks as JSON cost a fair part of a page (every quote in the HTML
    escaped)."""
    header = json.dumps([[name, len(html)] for name, html in parts.items()])
    return header + "\n" + "".join(parts.values())


def unpack(text: str) -> dict[str, str]:
    """The blocks ``pack`` put together, by name."""
    header, _newline, body = text.partition("\n")
    parts, start = {}, 0
    for name, length in json.loads(header):
        parts[name] = body[start : start + length]
        start += length
    return parts


def render_blocks(template_name: str, values: dict) -> dict[str, str]:
    """Each block a page template fills in the template it extends, rendered on its own, as
    the page would render it: by name."""
    template = get_template(template_name).template
    extends = template.nodelist.get_nodes_by_type(ExtendsNode)[0]
    context = Context(values, autoescape=template.engine.autoescape)
    with context.render_context.push_state(template), context.bind_template(template):
        return {name: block.nodelist.render(context) for name, block in extends.blocks.items()}


def refresh(ids: Iterable[int]) -> None:
    """Render and store the pages of these programmes in every language (publishing/changes.py
    calls it when they changed). Drafts of published programmes have no stored page; a page
    whose site address is not known yet (no PUBLIC_BASE_URL and no visit so far) is left to
    its first visit."""
    ids = sorted(set(ids))
    base = configured_base()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        origins = {
            (programme_id, language): origin
            for programme_id, language, origin in ProgrammeRendering.objects.filter(
                programme_id__in=chunk
            ).values_list("programme_id", "language", "origin")
        }
        if not base and not origins:
            continue
        rows = []
        for programme in Programme.objects.with_page_content().filter(pk__in=chunk):
            for language, _name in settings.LANGUAGES:
                origin = base or origins.get((programme.pk, language))
                if not origin:
                    continue
                with translation.override(language):
                    parts = render_parts(programme, OriginRequest(origin))
                rows.append(_row(programme, language, origin, parts))
        _store(rows)


def forget(ids: Iterable[int]) -> None:
    """Remove the stored pages of these programmes (they are rendered on their next visit)."""
    ProgrammeRendering.objects.filter(programme_id__in=list(ids)).delete()


class OriginRequest(HttpRequest):
    """Stands for a visitor's request when a page is rendered after a write: it gives the
    page's absolute addresses their scheme and host, and nothing else."""

    def __init__(self, origin: str) -> None:
        super().__init__()
        self._scheme, _separator, self._host = origin.partition("://")

    @property
    def scheme(self) -> str:
        return self._scheme

    def get_host(self) -> str:
        return self._host


def _row(programme: Programme, language: str, origin: str, parts: dict) -> ProgrammeRendering:
    return ProgrammeRendering(
        programme_id=programme.pk,
        language=language,
        origin=origin,
        stamp=stamp_of(origin, programme.updated_at),
        parts=pack(parts),
    )


def _store(rows: list[ProgrammeRendering]) -> None:
    store(ProgrammeRendering, "programme", rows)


def store(model: type[Model], owner: str, rows: list) -> None:
    """Write stored pages of ``model`` (one per ``owner`` and language), replacing older ones.
    Shared with exhibitions/rendering.py."""
    if not rows:
        return
    try:
        with transaction.atomic(using=router.db_for_write(model)):
            model.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=[owner, "language"],
                update_fields=["origin", "stamp", "parts"],
            )
    except DatabaseError:
        # Not stored (the item deleted meanwhile, a database that refuses writes): the page is
        # rendered again next time.
        logger.warning("Stored pages (%s) not written", model._meta.label, exc_info=True)


def _read(programme_id: int, language: str) -> tuple[str, str] | None:
    """The stored ``(stamp, parts)``: one indexed read, without building a queryset."""
    alias = router.db_for_read(ProgrammeRendering)
    connection = connections[alias]
    table = connection.ops.quote_name(ProgrammeRendering._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT stamp, parts FROM {table} WHERE programme_id = %s AND language = %s",  # noqa: S608 - a model's table
            [programme_id, language],
        )
        return cursor.fetchone()


# The site's introduction as programme pages show it, by language, with the site settings' last
# change it was read at: a stored page then costs no read of the settings.
_introductions: dict[str, tuple[datetime, str]] = {}


def _site_introduction(language: str, site_changed: datetime | None) -> str:
    known = _introductions.get(language)
    if site_changed is not None and known is not None and known[0] == site_changed:
        return known[1]
    settings_row = SiteSettings.objects.current()
    html = site_introduction(settings_row)
    if site_changed is not None and settings_row.updated_at == site_changed:
        _introductions[language] = (site_changed, html)
    return html
