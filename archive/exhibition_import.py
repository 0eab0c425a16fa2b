"""Exhibition documents in an import: their checks (the models' own validation of the exhibition,
its curator and its timeline items; its references to programmes and documents, in the bundle
or on this site; one role per curator name), their plan, and their write.

Unlike programmes, there is no shortcut for a document that equals the site's own export: its
references must be checked against this bundle in any case, and exhibitions are few.
"""

from django.core.files.storage import default_storage

from archive.documents import DocumentKind
from archive.exhibition_mapping import (
    ITEM_FILE_KINDS,
    ITEM_FILES,
    ITEM_UPLOAD_PATHS,
    OPTIONAL,
    apply_exhibition_fields,
    apply_item_fields,
    comparable_exhibition,
    curator_instance,
    exhibition_document,
    item_instance,
    with_exhibition_content,
)
from archive.files import FileReference, NamedFile, StorageWork, place_file, stored_sha256
from archive.format import exhibition_files_folder
from archive.mapping import as_far_as_named, parse_date, parse_moment
from archive.problems import Problem, _, json_path
from archive.report import EXHIBITION, Plan
from archive.themes import set_themes
from archive.validation import (
    open_draft_problems,
    rich_text_fields,
    rich_text_problems,
    validation_problems,
)
from exhibitions.models import Curator, Exhibition, TimelineItem
from programmes.models import Programme
from publishing.events import publication_change
from toolbox.models import ToolboxDocument

EXHIBITION_RICH_TEXT = rich_text_fields(Exhibition)
ITEM_RICH_TEXT = rich_text_fields(TimelineItem)


class ExhibitionDocuments(DocumentKind):
    section = "exhibitions"
    definition = "exhibition"

    def __init__(self, programmes_in_bundle: dict[str, frozenset[str] | None]) -> None:
        # The programmes the bundle holds with their document keys (None: that programme's
        # document has problems of its own, reported already), for the references.
        self.programmes_in_bundle = programmes_in_bundle
        # Each curator's roles and the first document that named them.
        self.curators: dict[str, tuple[str, str, str]] = {}

    def files_folder(self, stem: str) -> str:
        return exhibition_files_folder(stem)

    def file_references(self, document: object) -> list[FileReference]:
        items = document.get("items") if isinstance(document, dict) else None
        references = []
        for index, values in enumerate(items if isinstance(items, list) else []):
            if not isinstance(values, dict):
                continue
            for field_name, kind in ITEM_FILE_KINDS.items():
                if isinstance(values.get(field_name), dict):
                    where = f"items[{index}].{field_name}"
                    references.append(FileReference(where, values[field_name], kind))
        return references

    def problems(self, document: dict, document_path: str) -> list[Problem]:
        return [
            *_model_problems(document, document_path),
            *_reference_problems(document, document_path, self.programmes_in_bundle),
            *_curator_problems(document, document_path, self.curators),
            *open_draft_problems(Exhibition, document["slug"], document_path),
            *self.themes.reference_problems(document, document_path),
        ]

    def plan(self, document: dict, document_path: str) -> Plan:
        existing = _existing(document["slug"])
        if existing is None:
            return Plan(document["slug"], document_path, "create", kind=EXHIBITION)
        current = as_far_as_named(exhibition_document(existing), document, OPTIONAL)
        if comparable_exhibition(current) == comparable_exhibition(document) and _files_present(
            existing
        ):
            return Plan(document["slug"], document_path, "unchanged", kind=EXHIBITION)
        incoming = {item["slug"] for item in document["items"]}
        removed = sum(item["slug"] not in incoming for item in current["items"])
        return Plan(document["slug"], document_path, "update", removed=removed, kind=EXHIBITION)

    def appears_twice(self, slug: str, other: str) -> str:
        return _(
            "The slug %(slug)s is also used by %(other)s; each exhibition may appear once.",
            slug=slug,
            other=other,
        )

    def write(self, document: dict, files: dict[str, NamedFile], work: StorageWork) -> None:
        """Create or update an exhibition (by slug) and its items (by slug); its programmes are
        in the database by now, imported first or there already."""
        exhibition = Exhibition.objects.filter(slug=document["slug"]).first()
        exhibition = exhibition or Exhibition(slug=document["slug"])
        with publication_change(exhibition):
            _write(exhibition, document, files, work)


def _existing(slug: str) -> Exhibition | None:
    return with_exhibition_content(Exhibition.objects.filter(slug=slug)).first()


def _files_present(exhibition: Exhibition) -> bool:
    stored = [
        getattr(item, name)
        for item in exhibition.items.all()
        for name in ITEM_FILES
        if getattr(item, name)
    ]
    return all(default_storage.exists(file.name) for file in stored)


# Checks ----------------------------------------------------------------------------------------


def _model_problems(document: dict, document_path: str) -> list[Problem]:
    """The models' own validation of the exhibition, its curator and its items."""
    existing = Exhibition.objects.filter(slug=document["slug"]).only("pk").first()
    exhibition = Exhibition(pk=existing.pk if existing else None, slug=document["slug"])
    # An existing exhibition is being changed, not added: its own row is no conflict.
    exhibition._state.adding = existing is None
    apply_exhibition_fields(exhibition, document)
    problems = validation_problems(
        exhibition, document_path, [], exclude=["curator", "opening_item"]
    )
    problems += rich_text_problems(document, [], EXHIBITION_RICH_TEXT, document_path)
    for field_name in ("published_at", "withdrawn_at"):
        if document[field_name] and parse_moment(document[field_name]) is None:
            problems.append(
                Problem(document_path, field_name, _("This is not a moment that exists."))
            )
    if document["curator"]:
        curator = curator_instance(document["curator"])
        problems += validation_problems(curator, document_path, ["curator"])
    slugs: set[str] = set()
    for index, values in enumerate(document["items"]):
        if values["slug"] in slugs:
            problems.append(
                Problem(
                    document_path,
                    json_path(["items", index, "slug"]),
                    _("Each item needs its own address in the exhibition."),
                )
            )
        slugs.add(values["slug"])
        problems += _item_problems(values, ["items", index], document_path)
    if document["opening_item"] is not None and document["opening_item"] not in slugs:
        problems.append(
            Problem(
                document_path,
                "opening_item",
                _("The opening item must be an item of this exhibition."),
            )
        )
    return problems


def _item_problems(values: dict, where: list, document_path: str) -> list[Problem]:
    problems = rich_text_problems(values, where, ITEM_RICH_TEXT, document_path)
    unreal = [
        name for name in ("date", "end_date") if values[name] and not parse_date(values[name])
    ]
    for name in unreal:
        problems.append(
            Problem(document_path, json_path([*where, name]), _("This is not a date that exists."))
        )
    if unreal:
        return problems
    found = validation_problems(
        item_instance(values),
        document_path,
        where,
        # Assigning the image again (as clean_fields() does) would make it read the file.
        exclude=["exhibition", "document", "image"],
        validate_unique=False,
    )
    # clean() reads the alternative text in the active language; the Dutch is required.
    if values["image"] and not values["image_is_decorative"] and not values["image_alt_text_nl"]:
        missing = Problem(
            document_path,
            json_path([*where, "image_alt_text_nl"]),
            _("Describe the image for visitors who cannot see it."),
        )
        if missing not in found:
            found.append(missing)
    return problems + found


def _reference_problems(
    document: dict, document_path: str, in_bundle: dict[str, frozenset[str] | None]
) -> list[Problem]:
    """Related programmes and documents: in this bundle, or else on this site.

    A programme in the bundle is what the site will hold after the import (its documents are
    replaced by the bundle's), so a document of it must be in the bundle's programme document.
    """
    problems = []
    for index, slug in enumerate(document["related_programmes"]):
        if slug not in in_bundle and not Programme.objects.filter(slug=slug).exists():
            problems.append(
                Problem(
                    document_path,
                    f"related_programmes[{index}]",
                    _(
                        "There is no programme %(slug)s, neither in the bundle nor on this site.",
                        slug=slug,
                    ),
                )
            )
    for index, values in enumerate(document["items"]):
        reference = values["document"]
        if reference is None:
            continue
        programme, key = reference["programme"], reference["key"]
        if programme in in_bundle:
            keys = in_bundle[programme]
            found = keys is None or key in keys  # None: the programme's problems are reported
        else:
            found = ToolboxDocument.objects.filter(programme__slug=programme, key=key).exists()
        if not found:
            problems.append(
                Problem(
                    document_path,
                    f"items[{index}].document",
                    _(
                        "There is no document %(key)s of the programme %(programme)s, neither "
                        "in the bundle nor on this site.",
                        key=key,
                        programme=programme,
                    ),
                )
            )
    return problems


def _curator_problems(
    document: dict, document_path: str, curators: dict[str, tuple[str, str, str]]
) -> list[Problem]:
    """Curators are matched by name: one name, one curator, with one role in the whole bundle."""
    curator = document["curator"]
    if curator is None:
        return []
    role = (curator["role_nl"], curator["role_en"])
    seen = curators.setdefault(curator["name"], (*role, document_path))
    if seen[:2] == role:
        return []
    return [
        Problem(
            document_path,
            "curator",
            _(
                "The curator %(name)s has another role in %(other)s; a curator is known by "
                "name, so give the same name the same role.",
                name=curator["name"],
                other=seen[2],
            ),
        )
    ]


# The write -------------------------------------------------------------------------------------


def _write(
    exhibition: Exhibition, document: dict, files: dict[str, NamedFile], work: StorageWork
) -> None:
    apply_exhibition_fields(exhibition, document)
    exhibition.curator = _curator(document["curator"], exhibition.curator)
    exhibition.save()
    exhibition.related_programmes.set(
        Programme.objects.filter(slug__in=document["related_programmes"])
    )
    set_themes(exhibition, document)
    current = {item.slug: item for item in exhibition.items.all()}
    items = {}
    for values in document["items"]:
        item = current.pop(values["slug"], None) or TimelineItem(
            exhibition=exhibition, slug=values["slug"]
        )
        apply_item_fields(item, values)
        reference = values["document"]
        item.document = (
            None
            if reference is None
            else ToolboxDocument.objects.get(
                programme__slug=reference["programme"], key=reference["key"]
            )
        )
        for field_name in ITEM_FILE_KINDS:
            _place_item_file(item, field_name, values[field_name], files, work)
        item.save()
        items[item.slug] = item
    for item in current.values():
        item.delete()
    exhibition.opening_item = items.get(document["opening_item"] or "")
    exhibition.save()


def _curator(declared: dict | None, current: Curator | None) -> Curator | None:
    """The curator of this name: the exhibition's own, another with the name, or a new one.
    Its role becomes the bundle's (also for other exhibitions it curates)."""
    if declared is None:
        return None
    if current is not None and current.name == declared["name"]:
        curator = current
    else:
        curator = Curator.objects.filter(name=declared["name"]).order_by("pk").first()
        curator = curator or Curator(name=declared["name"])
    roles = {f"role_{code}": declared[f"role_{code}"] for code in ("nl", "en")}
    if curator.pk is None or any(getattr(curator, k) != v for k, v in roles.items()):
        for name, value in roles.items():
            setattr(curator, name, value)
        curator.save()
    return curator


def _place_item_file(
    item: TimelineItem,
    field_name: str,
    declared: dict | None,
    files: dict[str, NamedFile],
    work: StorageWork,
) -> None:
    stored = getattr(item, field_name)
    named_file = place_file(
        stored,
        declared,
        current_sha256=lambda: stored_sha256(stored),
        upload_name=lambda path: ITEM_UPLOAD_PATHS[field_name](item, path),
        files=files,
        work=work,
    )
    if field_name != "image":
        return
    if declared is None:
        item.image_width = item.image_height = None
    elif named_file is not None:
        item.image_width, item.image_height = named_file.width, named_file.height
