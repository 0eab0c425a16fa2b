"""What the rich-text editor's link tool offers: programmes, exhibitions and documents by title,
with the public address a link to each is stored as (static/js/prose-editor-links.js).

The project package holds it because it names three apps at once. It is mounted at
/admin/link-targets/ through the admin site's ``admin_view`` (bzkmemory/urls.py), so only
signed-in staff reach it (anyone else is sent to the sign-in page), and it is never cached.

Which items: every public one, to every staff member, since visitors see them too. Items not
public yet (drafts, or published from a later time) only to those who may view that kind in the
admin; they are marked, because a link to one leads nowhere until it is published. Withdrawn
items (their address answers 410 Gone) and the drafts of a next version (their address is the
published item's) are never offered.
"""

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from exhibitions.models import Exhibition
from programmes.models import Programme
from publishing.models import PublicationStatus, public_q
from toolbox.models import ToolboxDocument

# Per kind: enough to choose from while typing, little enough to read with a screen reader.
LIMIT = 8


@dataclass(frozen=True)
class LinkTarget:
    title: str
    url: str
    kind: str
    public: bool


def may_see_unpublished(user, model: type[Model]) -> bool:
    """Whether the editor may see items of this kind that are not public: as in the admin."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def _title_q(query: str, prefix: str = "") -> Q:
    if not query:
        return Q()
    matches = Q()
    for code, _name in settings.LANGUAGES:
        matches |= Q(**{f"{prefix}title_{code}__icontains": query})
    return matches


def _titled(item: Model, language: str) -> str:
    # An English field links with the English title when there is one.
    return getattr(item, f"title_{language}", "") or item.title_nl


def _publications(model, query: str, user) -> QuerySet:
    """Programmes or exhibitions (the manager leaves next versions' drafts out)."""
    items = model.objects.exclude(status=PublicationStatus.WITHDRAWN).filter(_title_q(query))
    if not may_see_unpublished(user, model):
        items = items.filter(public_q())
    return items.order_by("title_nl")[:LIMIT]


def _documents(query: str, user) -> QuerySet:
    documents = (
        ToolboxDocument.objects.select_related("programme")
        .filter(_title_q(query), programme__draft_of__isnull=True)
        .exclude(programme__status=PublicationStatus.WITHDRAWN)
        # A record of a document has no address to link to.
        .exclude(file="", external_url="")
    )
    if not (may_see_unpublished(user, ToolboxDocument) and may_see_unpublished(user, Programme)):
        documents = documents.filter(public_q("programme__"))
    return documents.order_by("title_nl", "pk")[:LIMIT]


def link_targets_for(user, query: str, language: str) -> Iterator[LinkTarget]:
    """The items matching ``query`` in any language's title that ``user`` may link to, with
    their addresses in ``language`` (Dutch ones have no prefix, English ones /en/)."""
    kinds: list[tuple[str, Iterable[Model]]] = [
        (str(Programme._meta.verbose_name), _publications(Programme, query, user)),
        (str(Exhibition._meta.verbose_name), _publications(Exhibition, query, user)),
    ]
    with translation.override(language):
        for kind, items in kinds:
            for item in items:
                yield LinkTarget(
                    _titled(item, language), item.get_absolute_url(), kind, item.is_public
                )
        kind = str(ToolboxDocument._meta.verbose_name)
        for document in _documents(query, user):
            yield LinkTarget(
                _titled(document, language),
                document.public_url,
                kind,
                document.programme.is_public,
            )


@require_GET
@never_cache
def link_targets(request: HttpRequest) -> JsonResponse:
    """``?q=`` part of a title, ``&lang=`` the language of the field being edited."""
    query = request.GET.get("q", "").strip()[:200]
    languages = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang")
    if language not in languages:
        language = settings.LANGUAGE_CODE
    results = [asdict(target) for target in link_targets_for(request.user, query, language)]
    return JsonResponse({"results": results})
