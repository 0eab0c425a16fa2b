"""Programme documents in an import: their checks (the models' own validation of the programme,
its parts and its documents, and conflicts with the programmes already here), their plan, and
their write."""

from pathlib import PurePosixPath

import reversion
from django.core.files.storage import default_storage
from django.db.models import F

from archive.documents import DocumentKind
from archive.files import (
    DOCUMENT_FILE,
    IMAGE_FILE,
    FileReference,
    NamedFile,
    StorageWork,
    place_file,
    stored_sha256,
)
from archive.mapping import apply_bilingual, parse_date, parse_moment
from archive.problems import Problem, _, json_path
from archive.programme_mapping import (
    DOCUMENT_TEXTS,
    PART_MODELS,
    apply_programme_fields,
    comparable_with,
    document_instance,
    document_keys,
    part_instance,
    programme_document,
    programme_instance,
    with_archive_content,
)
from archive.report import Plan
from archive.themes import set_themes
from archive.validation import (
    open_draft_problems,
    rich_text_fields,
    rich_text_problems,
    validation_problems,
)
from programmes.models import FormerSlug, Programme, programme_image_upload_path
from publishing import changes
from publishing.events import publication_change
from publishing.models import PARKING_OFFSET
from toolbox.models import ToolboxDocument, document_upload_path

RICH_TEXT_FIELDS = rich_text_fields(Programme)


class ProgrammeDocuments(DocumentKind):
    section = "programmes"
    definition = "programme"

    def __init__(self) -> None:
        # The programmes the bundle holds, with their document keys (None: the document has
        # problems of its own, reported already), for the exhibitions' references.
        self.in_bundle: dict[str, frozenset[str] | None] = {}
        # The programme the document being checked would update, read once for the shortcut
        # and the plan: (document path, programme, its document). Only the one document's, so
        # that a large bundle's programmes are not all kept until the end.
        self._current: tuple[str, Programme | None, dict | None] = ("", None, None)

    def listed(self, stem: str) -> None:
        self.in_bundle.setdefault(stem, None)

    def accepted(self, plan: Plan) -> None:
        self.in_bundle[plan.slug] = plan.document_keys

    def files_folder(self, stem: str) -> str:
        return f"files/{stem}/"

    def file_references(self, document: object) -> list[FileReference]:
        if not isinstance(document, dict):
            return []
        references = []
        if isinstance(document.get("image"), dict):
            references.append(FileReference("image", document["image"], IMAGE_FILE))
        entries = document.get("documents")
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("file"), dict):
                references.append(
                    FileReference(f"documents[{index}].file", entry["file"], DOCUMENT_FILE)
                )
        return references

    def unchanged_export(self, document: object, document_path: str) -> Plan | None:
        stem = PurePosixPath(document_path).stem
        existing = _existing(stem)
        current = programme_document(existing) if existing else None
        self._current = (document_path, existing, current)
        if current is not None and current == document and _files_present(existing):
            return Plan(stem, document_path, "unchanged", document_keys=document_keys(document))
        return None

    def problems(self, document: dict, document_path: str) -> list[Problem]:
        return [
            *_model_problems(document, document_path),
            *open_draft_problems(Programme, document["slug"], document_path),
            *self.themes.reference_problems(document, document_path),
        ]

    def plan(self, document: dict, document_path: str) -> Plan:
        path, existing, current = self._current
        self._current = ("", None, None)
        if path != document_path:
            existing = current = None
        keys = document_keys(document)
        if current is None:
            return Plan(document["slug"], document_path, "create", document_keys=keys)
        now, then = comparable_with(current, document)
        if now == then and _files_present(existing):
            return Plan(document["slug"], document_path, "unchanged", document_keys=keys)
        removed = _removed(current, document)
        return Plan(document["slug"], document_path, "update", removed=removed, document_keys=keys)

    def appears_twice(self, slug: str, other: str) -> str:
        return _(
            "The slug %(slug)s is also used by %(other)s; each programme may appear once.",
            slug=slug,
            other=other,
        )

    def write(self, document: dict, files: dict[str, NamedFile], work: StorageWork) -> None:
        programme = _existing(document["slug"]) or Programme(slug=document["slug"])
        with publication_change(programme):
            apply_programme_fields(programme, document)
            _place_image(programme, document["image"], files, work)
            programme.save()
            _sync_former_slugs(programme, document["former_slugs"])
            set_themes(programme, document)
            for relation, model in PART_MODELS.items():
                _sync_parts(programme, model, document[relation])
            _sync_documents(programme, document["documents"], files, work)


def _existing(slug: str) -> Programme | None:
    return with_archive_content(Programme.objects.filter(slug=slug)).first()


def _files_present(programme: Programme) -> bool:
    stored = [programme.image] if programme.image else []
    stored += [document.file for document in programme.documents.all() if document.file]
    return all(default_storage.exists(file.name) for file in stored)


def _removed(current: dict, incoming: dict) -> int:
    removed = sum(
        max(len(current[relation]) - len(incoming[relation]), 0) for relation in PART_MODELS
    )
    keys = {entry["key"] for entry in incoming["documents"]}
    return removed + sum(entry["key"] not in keys for entry in current["documents"])


# Checks ----------------------------------------------------------------------------------------


def _model_problems(document: dict, document_path: str) -> list[Problem]:
    """The models' own validation of everything in the document, with JSON paths."""
    existing = Programme.objects.filter(slug=document["slug"]).only("pk").first()
    programme = programme_instance(document, existing.pk if existing else None)
    problems = validation_problems(programme, document_path, [], exclude=["image"])
    problems += rich_text_problems(document, [], RICH_TEXT_FIELDS, document_path)
    for relation in PART_MODELS:
        for index, values in enumerate(document[relation]):
            problems += validation_problems(
                part_instance(relation, values, index + 1),
                document_path,
                [relation, index],
                exclude=["programme"],
                validate_unique=False,
                validate_constraints=False,
            )
    problems += _document_entry_problems(document, document_path)
    problems += _former_slug_problems(document, document_path)
    if document["review_date"] and parse_date(document["review_date"]) is None:
        problems.append(Problem(document_path, "review_date", _("This is not a date that exists.")))
    for field_name in ("published_at", "withdrawn_at"):
        if document[field_name] and parse_moment(document[field_name]) is None:
            problems.append(
                Problem(document_path, field_name, _("This is not a moment that exists."))
            )
    return problems


def _document_entry_problems(document: dict, document_path: str) -> list[Problem]:
    problems = []
    keys: set[str] = set()
    for index, values in enumerate(document["documents"]):
        if values["key"] in keys:
            problems.append(
                Problem(
                    document_path,
                    f"documents[{index}].key",
                    _("The key %(key)s is used twice in this programme.", key=values["key"]),
                )
            )
        keys.add(values["key"])
        try:
            item = document_instance(values, index + 1)
        except ValueError as error:
            problems.append(
                Problem(
                    document_path,
                    f"documents[{index}].publication_date",
                    _("This is not a date that exists: %(error)s.", error=error),
                )
            )
            continue
        problems += validation_problems(
            item,
            document_path,
            ["documents", index],
            exclude=["programme", "file"],
            validate_unique=False,
            validate_constraints=False,
        )
    return problems


def _former_slug_problems(document: dict, document_path: str) -> list[Problem]:
    problems = []
    for index, slug in enumerate(document["former_slugs"]):
        other = Programme.objects.filter(slug=slug).exclude(slug=document["slug"]).first()
        elsewhere = FormerSlug.objects.filter(slug=slug).exclude(programme__slug=document["slug"])
        if slug == document["slug"] or other or elsewhere.exists():
            problems.append(
                Problem(
                    document_path,
                    json_path(["former_slugs", index]),
                    _("The address %(slug)s belongs to another programme here.", slug=slug),
                )
            )
    return problems


# The write -------------------------------------------------------------------------------------


def _place_image(
    programme: Programme, declared: dict | None, files: dict[str, NamedFile], work: StorageWork
) -> None:
    named_file = place_file(
        programme.image,
        declared,
        current_sha256=lambda: stored_sha256(programme.image),
        upload_name=lambda path: programme_image_upload_path(programme, path),
        files=files,
        work=work,
    )
    if declared is None:
        programme.image_width = programme.image_height = None
    elif named_file is not None:
        programme.image_width, programme.image_height = named_file.width, named_file.height


def _sync_former_slugs(programme: Programme, slugs: list[str]) -> None:
    programme.former_slugs.exclude(slug__in=slugs).delete()
    for slug in slugs:
        FormerSlug.objects.get_or_create(slug=slug, defaults={"programme": programme})


def _sync_parts(programme: Programme, model, rows: list[dict]) -> None:
    existing = {part.position: part for part in model.objects.filter(programme=programme)}
    new = []
    for position, values in enumerate(rows, start=1):
        part = existing.pop(position, None)
        if part is None:
            new.append(model(programme=programme, position=position, **values))
            continue
        for name, value in values.items():
            setattr(part, name, value)
        part.save()
    model.objects.filter(pk__in=[part.pk for part in existing.values()]).delete()
    if new:
        # New parts in one statement (a programme has some 25): saving them one by one was
        # half of an import's writing. What their saves' signals did is done here: a version
        # of each in the programme's revision, and the programme marked as changed.
        for part in model.objects.bulk_create(new):
            if reversion.is_active():
                reversion.add_to_revision(part)
        changes.part_changed(Programme, programme.pk)


def _sync_documents(
    programme: Programme, entries: list[dict], files: dict[str, NamedFile], work: StorageWork
) -> None:
    current = {item.key: item for item in programme.documents.all()}
    # Move every row out of the positions the bundle is about to use.
    programme.documents.update(position=F("position") + PARKING_OFFSET)
    for position, values in enumerate(entries, start=1):
        item = current.pop(values["key"], None)
        fresh = document_instance(values, position)
        if item is None:
            item = fresh
            item.programme = programme
        else:
            for name in ("position", "kind", "language", "external_url", "publication_date"):
                setattr(item, name, getattr(fresh, name))
            apply_bilingual(item, values, DOCUMENT_TEXTS)
        _place_document_file(item, values["file"], files, work)
        item.save()
    for item in current.values():
        item.delete()


def _place_document_file(
    item: ToolboxDocument, declared: dict | None, files: dict[str, NamedFile], work: StorageWork
) -> None:
    named_file = place_file(
        item.file,
        declared,
        current_sha256=lambda: item.sha256 if default_storage.exists(item.file.name) else None,
        upload_name=lambda path: document_upload_path(item, path),
        files=files,
        work=work,
    )
    if named_file is not None:
        # The document records its file's facts; they are the bundle's, checked already.
        item.file_size = declared["size"]
        item.content_type = declared["content_type"]
        item.sha256 = declared["sha256"]
        item.page_count = named_file.page_count
