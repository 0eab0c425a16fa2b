"""Importing an archive bundle: everything is checked before anything is written.

1. The bundle itself (bundle.py): safe names, no links, bounded sizes.
2. manifest.json: JSON, the format version, the JSON Schema, each listed document's SHA-256.
3. Each programme document: JSON, the JSON Schema, then the models' own validation
   (``full_clean()``) of the programme and each of its parts, and conflicts with the database.
4. Each exhibition document: the same, for the exhibition, its curator and its timeline items,
   and its references: related programmes and documents must be in the bundle or on this site,
   the opening item one of its own items.
5. Each file: named once, present, with the size and SHA-256 the document states, and a content
   type that is allowed and matches the file's own bytes (its magic number; for a video and
   captions the same checks as an upload in the admin). MDTO metadata that
   ``export_archive --mdto`` writes is not read.

Every problem is reported, each with its file and JSON path. Only a bundle without problems is
imported: in one transaction, programme by programme and then exhibition by exhibition (upserts
by slug), counted as one change of the archive, after which the files are written to storage
under new names. A failure rolls everything back and writes no file.
"""

import gc
import hashlib
import json
import logging
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

import reversion
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, gettext_lazy
from PIL import Image, UnidentifiedImageError

from bzkmemory import audit
from bzkmemory.models import AuditEvent
from bzkmemory.richtext import RichTextField, sanitise_html
from exhibitions.models import (
    Curator,
    Exhibition,
    TimelineItem,
    captions_upload_path,
    image_upload_path,
    video_upload_path,
)
from programmes import images
from programmes.archive import serialize
from programmes.archive.bundle import CHUNK, Bundle, open_bundle
from programmes.archive.format import (
    CAPTIONS_CONTENT_TYPE,
    FORMAT_NAME,
    FORMAT_VERSION,
    LIMITS,
    MANIFEST,
    document_content_types,
    exhibition_files_folder,
    image_content_types,
    is_mdto_path,
    validator,
    video_content_types,
)
from programmes.archive.problems import Problem, Refused, json_path
from programmes.forms import PARKING_OFFSET
from programmes.models import (
    AchievedResult,
    ArchiveImport,
    FormerSlug,
    Objective,
    PlannedResult,
    Programme,
    programme_image_upload_path,
)
from programmes.signals import search_refresh_deferred
from toolbox.files import file_facts
from toolbox.models import ToolboxDocument, document_upload_path

logger = logging.getLogger(__name__)


def _(message: str, **values) -> str:
    """gettext, with the named values filled in (so that makemessages finds the messages)."""
    text = gettext(message)
    return text % values if values else text


PART_MODELS = {
    "objectives": Objective,
    "planned_results": PlannedResult,
    "achieved_results": AchievedResult,
}
Progress = Callable[[int, int, str], None]
# What reading a damaged bundle can raise.
UNREADABLE = (zipfile.BadZipFile, OSError, zlib.error, EOFError, NotImplementedError, RuntimeError)


PROGRAMME = "programme"
EXHIBITION = "exhibition"


@dataclass
class Plan:
    """What importing one programme or exhibition does: create, update or leave it unchanged."""

    slug: str
    document_path: str
    action: str
    removed: int = 0
    kind: str = PROGRAMME
    # A programme's document keys, which exhibitions in the same bundle may refer to.
    document_keys: frozenset[str] = frozenset()


# What a named file is, for which content types it may have and how it is read.
DOCUMENT_FILE = "document"
IMAGE_FILE = "image"
ITEM_IMAGE_FILE = "item image"
VIDEO_FILE = "video"
CAPTIONS_FILE = "captions"


@dataclass
class NamedFile:
    """A file a programme or exhibition document names, with what the document says about it."""

    bundle_path: str
    document_path: str
    json_path: str
    declared: dict
    kind: str
    page_count: int | None = None
    width: int | None = None
    height: int | None = None

    @property
    def is_image(self) -> bool:
        return self.kind in (IMAGE_FILE, ITEM_IMAGE_FILE)


@dataclass
class ImportReport:
    bundle_name: str
    dry_run: bool
    outcome: str = ""
    bundle_sha256: str = ""
    problems: list[Problem] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    seconds: float = 0.0
    record: ArchiveImport | None = None

    def count(self, action: str, kind: str | None = None) -> int:
        """How many programmes and exhibitions (or only those of ``kind``) get ``action``."""
        return sum(plan.action == action for plan in self._plans(kind))

    @property
    def removed(self) -> int:
        return self.removed_of()

    def removed_of(self, kind: str | None = None) -> int:
        return sum(plan.removed for plan in self._plans(kind))

    def _plans(self, kind: str | None) -> list[Plan]:
        return [plan for plan in self.plans if kind is None or plan.kind == kind]

    @property
    def succeeded(self) -> bool:
        return not self.problems and self.outcome != ArchiveImport.Outcome.FAILED

    def summary(self) -> str:
        text = self._programme_summary()
        if self._plans(EXHIBITION):
            text = f"{text} {self._exhibition_summary()}"
        return text

    def _counts(self, kind: str) -> dict:
        return {
            "created": self.count("create", kind),
            "updated": self.count("update", kind),
            "unchanged": self.count("unchanged", kind),
            "removed": self.removed_of(kind),
            "seconds": f"{self.seconds:.1f}",
        }

    def _exhibition_summary(self) -> str:
        counts = self._counts(EXHIBITION)
        if self.dry_run:
            return _(
                "Exhibitions that would be created: %(created)s, updated: %(updated)s, "
                "unchanged: %(unchanged)s; timeline items that would be removed: %(removed)s.",
                **counts,
            )
        return _(
            "Exhibitions created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s; "
            "timeline items removed: %(removed)s.",
            **counts,
        )

    def _programme_summary(self) -> str:
        counts = self._counts(PROGRAMME)
        if self.dry_run:
            return _(
                "Programmes that would be created: %(created)s, updated: %(updated)s, "
                "unchanged: %(unchanged)s; parts that would be removed: %(removed)s "
                "(%(seconds)s s).",
                **counts,
            )
        return _(
            "Programmes created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s; "
            "parts removed: %(removed)s (%(seconds)s s).",
            **counts,
        )


def import_bundle(
    path: str | Path,
    *,
    dry_run: bool = False,
    user=None,
    source: str = ArchiveImport.Source.COMMAND,
    progress: Progress | None = None,
    display_name: str | None = None,
) -> ImportReport:
    """Validate the bundle at ``path`` completely and, unless ``dry_run``, import it.

    Always returns a report (and records it as an ArchiveImport); never raises for bad input.
    """
    started = timezone.now()
    clock = time.monotonic()
    report = ImportReport(bundle_name=display_name or Path(path).name, dry_run=dry_run)
    progress = progress or (lambda done, total, label: None)
    try:
        with open_bundle(path) as bundle:
            report.bundle_sha256 = bundle.sha256()
            files = _validate(bundle, report, progress)
            if report.problems:
                raise Refused(report.problems)
            if dry_run:
                report.outcome = ArchiveImport.Outcome.CHECKED
            else:
                _import(bundle, report, files, progress, user)
                report.outcome = ArchiveImport.Outcome.IMPORTED
    except Refused as refusal:
        report.problems = refusal.problems
        report.outcome = ArchiveImport.Outcome.REFUSED
    except (IntegrityError, ValidationError, ObjectDoesNotExist, *UNREADABLE) as error:
        # The database changed under us, or storage failed: the transaction rolled back.
        logger.exception("Archive import failed")
        report.outcome = ArchiveImport.Outcome.FAILED
        report.problems = [
            Problem(report.bundle_name, "", _("The import failed: %(error)s", error=error))
        ]
    report.seconds = time.monotonic() - clock
    report.record = _record(report, started, user, source)
    return report


# Validation --------------------------------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    result = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _no_constants(name: str) -> None:
    raise ValueError(_("%(name)s is not a number JSON allows", name=name))


def read_json(bundle: Bundle, name: str, problems: list[Problem]) -> object | None:
    if bundle.size(name) > LIMITS.json_bytes:
        problems.append(
            Problem(
                name, "", _("The file is larger than %(limit)s bytes.", limit=LIMITS.json_bytes)
            )
        )
        return None
    try:
        raw = bundle.read(name)
    except UNREADABLE as error:
        problems.append(Problem(name, "", _("The file cannot be read: %(error)s", error=error)))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                name,
                "",
                _(
                    "The file is not valid UTF-8 (at byte %(byte)s); save it as UTF-8.",
                    byte=error.start,
                ),
            )
        )
        return None
    if text.startswith("\ufeff"):
        problems.append(
            Problem(
                name, "", _("The file starts with a byte order mark; save it as UTF-8 without one.")
            )
        )
        return None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except _DuplicateKey as error:
        problems.append(
            Problem(name, "", _("The key %(key)s appears twice in one object.", key=error))
        )
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                name,
                "",
                _(
                    "This is not valid JSON: %(reason)s (line %(line)s, column %(column)s).",
                    reason=error.msg,
                    line=error.lineno,
                    column=error.colno,
                ),
            )
        )
    except ValueError as error:
        problems.append(Problem(name, "", _("This is not valid JSON: %(reason)s.", reason=error)))
    return None


def schema_problems(definition: str, document: object, file: str) -> list[Problem]:
    problems = []
    for error in sorted(validator(definition).iter_errors(document), key=lambda e: e.path):
        where = list(error.absolute_path)
        if error.validator == "required":
            for missing in error.validator_value:
                if missing not in error.instance:
                    problems.append(
                        Problem(file, json_path([*where, missing]), _("This field is missing."))
                    )
        elif error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for extra in sorted(set(error.instance) - known):
                problems.append(
                    Problem(
                        file, json_path([*where, extra]), _("This field is not part of the format.")
                    )
                )
        else:
            problems.append(Problem(file, json_path(where), _explain(error)))
    return problems


PATTERN_NAMES = {
    "^[-a-zA-Z0-9_]+$": gettext_lazy("a slug (only letters, digits, hyphens and underscores)"),
    "^[0-9a-f]{64}$": gettext_lazy("a SHA-256 checksum (64 lower-case hexadecimal digits)"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": gettext_lazy("a date as YYYY-MM-DD"),
}
TYPE_NAMES = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("a whole number"),
    "object": gettext_lazy("an object"),
    "array": gettext_lazy("a list"),
    "null": "null",
    "boolean": gettext_lazy("true or false"),
}


def _explain(error) -> str:
    value = error.validator_value
    match error.validator:
        case "type":
            wanted = value if isinstance(value, list) else [value]
            return _(
                "This must be %(types)s.",
                types=_(" or ").join(str(TYPE_NAMES.get(w, w)) for w in wanted),
            )
        case "maxLength":
            return _(
                "This is %(length)s characters long; at most %(limit)s are allowed.",
                length=len(error.instance),
                limit=value,
            )
        case "minLength":
            return _("This may not be empty.")
        case "pattern":
            return _("This must be %(form)s.", form=PATTERN_NAMES.get(value) or value)
        case "enum":
            return _("This must be one of: %(choices)s.", choices=", ".join(map(str, value)))
        case "const":
            return _("This must be %(value)s.", value=json.dumps(value))
        case "minimum":
            return _("This must be at least %(value)s.", value=value)
        case "maximum":
            return _("This must be at most %(value)s.", value=value)
        case "minItems":
            return _("This list needs at least %(count)s item(s).", count=value)
        case "maxItems":
            return _("This list may hold at most %(count)s items.", count=value)
        case "uniqueItems":
            return _("This list holds the same value more than once.")
    return error.message


def _validate(bundle: Bundle, report: ImportReport, progress: Progress) -> list[NamedFile]:
    problems = report.problems
    if MANIFEST not in bundle:
        if not bundle.names():
            raise Refused([Problem(report.bundle_name, "", _("The bundle is empty."))])
        raise Refused(
            [
                Problem(
                    report.bundle_name, "", _("The bundle has no %(manifest)s.", manifest=MANIFEST)
                )
            ]
        )
    manifest = read_json(bundle, MANIFEST, problems)
    if manifest is None:
        raise Refused(problems)
    if isinstance(manifest, dict):
        version = manifest.get("format_version")
        if isinstance(version, int) and version > FORMAT_VERSION:
            raise Refused(
                [
                    Problem(
                        MANIFEST,
                        "format_version",
                        _(
                            "This bundle has format version %(version)s, made by a newer version "
                            "of this site; this site reads format version %(ours)s. Update the "
                            "site first.",
                            version=version,
                            ours=FORMAT_VERSION,
                        ),
                    )
                ]
            )
        if manifest.get("format") not in (None, FORMAT_NAME):
            raise Refused(
                [
                    Problem(
                        MANIFEST,
                        "format",
                        _("This is not a %(format)s bundle.", format=FORMAT_NAME),
                    )
                ]
            )
    problems.extend(schema_problems("manifest", manifest, MANIFEST))
    if problems:
        raise Refused(problems)

    named: dict[str, str] = {MANIFEST: MANIFEST}
    files: list[NamedFile] = []
    # The programmes the bundle holds, with their document keys (None: the document has
    # problems of its own, reported already), for the exhibitions' references.
    in_bundle: dict[str, frozenset[str] | None] = {}
    entries = manifest["programmes"]
    slugs: dict[str, str] = {}
    for index, entry in enumerate(entries):
        progress(index, len(entries), "checking")
        _keep_memory_flat(index)
        document_path = entry["path"]
        if not _listed(bundle, "programmes", index, entry, named, problems):
            continue
        in_bundle.setdefault(PurePosixPath(document_path).stem, None)
        plan = _validate_programme(bundle, document_path, files, named, problems)
        if plan is None:
            continue
        if plan.slug in slugs:
            problems.append(
                Problem(
                    document_path,
                    "slug",
                    _(
                        "The slug %(slug)s is also used by %(other)s; each programme may appear "
                        "once.",
                        slug=plan.slug,
                        other=slugs[plan.slug],
                    ),
                )
            )
            continue
        slugs[plan.slug] = document_path
        in_bundle[plan.slug] = plan.document_keys
        report.plans.append(plan)

    entries = manifest.get("exhibitions", [])
    slugs = {}
    curators: dict[str, tuple[str, str, str]] = {}
    for index, entry in enumerate(entries):
        progress(index, len(entries), "checking exhibitions")
        document_path = entry["path"]
        if not _listed(bundle, "exhibitions", index, entry, named, problems):
            continue
        plan = _validate_exhibition(
            bundle, document_path, files, named, problems, in_bundle, curators
        )
        if plan is None:
            continue
        if plan.slug in slugs:
            problems.append(
                Problem(
                    document_path,
                    "slug",
                    _(
                        "The slug %(slug)s is also used by %(other)s; each exhibition may "
                        "appear once.",
                        slug=plan.slug,
                        other=slugs[plan.slug],
                    ),
                )
            )
            continue
        slugs[plan.slug] = document_path
        report.plans.append(plan)

    for name in bundle.names():
        # MDTO metadata (export_archive --mdto) is derived from the programme documents: it
        # is not read, and a bundle with it imports like one without.
        if name not in named and not is_mdto_path(name):
            problems.append(Problem(name, "", _("No entry of the bundle names this file.")))
    for index, named_file in enumerate(files):
        progress(index, len(files), "checking files")
        _check_file(bundle, named_file, problems)
    return files


def _listed(
    bundle: Bundle,
    section: str,
    index: int,
    entry: dict,
    named: dict[str, str],
    problems: list[Problem],
) -> bool:
    """Whether a document the manifest lists is there, once, with the stated checksum."""
    document_path = entry["path"]
    where = f"{section}[{index}].path"
    if document_path in named:
        problems.append(
            Problem(MANIFEST, where, _("%(path)s is listed twice.", path=document_path))
        )
        return False
    named[document_path] = MANIFEST
    if document_path not in bundle:
        problems.append(
            Problem(MANIFEST, where, _("%(path)s is not in the bundle.", path=document_path))
        )
        return False
    if _sha256_of(bundle, document_path, problems) != entry["sha256"]:
        problems.append(
            Problem(
                MANIFEST,
                f"{section}[{index}].sha256",
                _(
                    "The checksum of %(path)s does not match: the file has changed.",
                    path=document_path,
                ),
            )
        )
        return False
    return True


def _document_problems(definition: str, document: object, document_path: str) -> list[Problem]:
    """A programme or exhibition document against the schema, without NUL characters, and named
    after its slug."""
    problems = schema_problems(definition, document, document_path)
    problems.extend(_nul_problems(document, document_path))
    stem = PurePosixPath(document_path).stem
    if not problems and stem != document["slug"]:
        message = _("The slug must match the file name (%(name)s).", name=stem)
        problems.append(Problem(document_path, "slug", message))
    return problems


def _nul_problems(value: object, file: str, where: tuple = ()) -> list[Problem]:
    """NUL characters: valid JSON, but no database column can hold them."""
    if isinstance(value, str):
        if "\x00" in value:
            return [Problem(file, json_path(where), _("Text may not contain NUL characters."))]
        return []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    problems = []
    for key, item in items:
        problems.extend(_nul_problems(item, file, (*where, key)))
    return problems


def _keep_memory_flat(index: int) -> None:
    # A programme's model instances refer to each other (parts to programme and back), so they
    # are freed by the cyclic garbage collector, which runs less often as the heap grows.
    # Collecting every few programmes keeps memory to about one programme's worth.
    if index and index % 50 == 0:
        gc.collect()


def _sha256_of(bundle: Bundle, name: str, problems: list[Problem]) -> str | None:
    digest = hashlib.sha256()
    try:
        with bundle.open(name) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except UNREADABLE as error:
        problems.append(Problem(name, "", _("The file cannot be read: %(error)s", error=error)))
        return None
    return digest.hexdigest()


def _validate_programme(
    bundle: Bundle,
    document_path: str,
    files: list[NamedFile],
    named: dict[str, str],
    problems: list[Problem],
) -> Plan | None:
    found: list[Problem] = []
    document = read_json(bundle, document_path, found)
    stem = PurePosixPath(document_path).stem
    existing = _existing(stem) if document is not None else None
    current = serialize.programme_document(existing) if existing else None
    if current is not None and current == document and _files_present(existing):
        # Exactly what this archive would export, which passed all of this when it was stored:
        # only its files are still checked below.
        found.extend(_name_files(document, document_path, files, named))
        problems.extend(found)
        if found:
            return None
        return Plan(stem, document_path, "unchanged", document_keys=_keys(document))
    if document is not None:
        found.extend(_document_problems("programme", document, document_path))
    if not found:
        found.extend(_model_problems(document, document_path))
    if not found:
        found.extend(_name_files(document, document_path, files, named))
    problems.extend(found)
    if found:
        _claim_files(document, named, document_path)
        if document is None:
            # Unreadable: its own folder of files is its, whatever it would have named.
            prefix = f"files/{stem}/"
            for name in bundle.names():
                if name.startswith(prefix):
                    named.setdefault(name, document_path)
        return None
    keys = _keys(document)
    if current is None:
        return Plan(document["slug"], document_path, "create", document_keys=keys)
    if serialize.comparable(current) == serialize.comparable(document) and _files_present(existing):
        return Plan(document["slug"], document_path, "unchanged", document_keys=keys)
    return Plan(
        document["slug"],
        document_path,
        "update",
        removed=_removed(current, document),
        document_keys=keys,
    )


def _keys(document: dict) -> frozenset[str]:
    return frozenset(entry["key"] for entry in document["documents"])


def _existing(slug: str) -> Programme | None:
    return serialize.with_archive_content(Programme.objects.filter(slug=slug)).first()


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


def _model_problems(document: dict, document_path: str) -> list[Problem]:
    """The models' own validation of everything in the document, with JSON paths."""
    problems: list[Problem] = []

    def check(instance, prefix: list, exclude: list[str], **options) -> None:
        try:
            instance.full_clean(exclude=exclude, **options)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                where = prefix if name == "__all__" else [*prefix, _json_field(name)]
                for message in messages:
                    problems.append(Problem(document_path, json_path(where), message))

    existing = Programme.objects.filter(slug=document["slug"]).only("pk").first()
    programme = _programme_instance(document, existing.pk if existing else None)
    check(programme, [], exclude=["image"])
    for name in RICH_TEXT_FIELDS:
        stored = sanitise_html(document[name])
        if stored != document[name]:
            problems.append(
                Problem(
                    document_path,
                    name,
                    _(
                        "This HTML is not in the form the site stores (only simple, safe HTML "
                        "is kept); it would be stored as: %(stored)s",
                        stored=json.dumps(stored, ensure_ascii=False),
                    ),
                )
            )
    for relation, model in PART_MODELS.items():
        for index, values in enumerate(document[relation]):
            part = model(position=index + 1, **values)
            check(
                part,
                [relation, index],
                exclude=["programme"],
                validate_unique=False,
                validate_constraints=False,
            )
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
            item = _document_instance(values, index + 1)
        except ValueError as error:
            problems.append(
                Problem(
                    document_path,
                    f"documents[{index}].publication_date",
                    _("This is not a date that exists: %(error)s.", error=error),
                )
            )
            continue
        check(
            item,
            ["documents", index],
            exclude=["programme", "file"],
            validate_unique=False,
            validate_constraints=False,
        )
    for index, slug in enumerate(document["former_slugs"]):
        other = Programme.objects.filter(slug=slug).exclude(slug=document["slug"]).first()
        elsewhere = FormerSlug.objects.filter(slug=slug).exclude(programme__slug=document["slug"])
        if slug == document["slug"] or other or elsewhere.exists():
            problems.append(
                Problem(
                    document_path,
                    f"former_slugs[{index}]",
                    _("The address %(slug)s belongs to another programme here.", slug=slug),
                )
            )
    if document["review_date"] and _date(document["review_date"]) is None:
        problems.append(Problem(document_path, "review_date", _("This is not a date that exists.")))
    for field_name in ("published_at", "withdrawn_at"):
        if document[field_name] and parse_datetime(document[field_name]) is None:
            problems.append(
                Problem(document_path, field_name, _("This is not a moment that exists."))
            )
    return problems


RICH_TEXT_FIELDS = [
    field.name
    for field in Programme._meta.get_fields()
    if isinstance(field, RichTextField) and field.name.endswith(("_nl", "_en"))
]


def _json_field(model_field: str) -> str:
    # A model's untranslated field name (e.g. from clean()) means its Dutch text in a bundle.
    translated = {
        "title",
        "summary",
        "introduction",
        "image_alt_text",
        "name",
        "description",
        "text",
        "heading",
        "objectives_introduction",
    }
    return f"{model_field}_nl" if model_field in translated else model_field


def _date(text: str | None) -> date | None:
    """The date a text names, or None (also when it names a day that does not exist)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _programme_instance(document: dict, pk: int | None) -> Programme:
    programme = Programme(pk=pk, slug=document["slug"])
    # An existing programme is being changed, not added: its own row is no conflict.
    programme._state.adding = pk is None
    _apply_programme_fields(programme, document)
    if document["image"]:
        # Only its name, so that clean() sees there is an image (and asks for its alt text).
        programme.image.name = document["image"]["path"]
    return programme


def _apply_programme_fields(programme: Programme, document: dict) -> None:
    for name in serialize.PROGRAMME_TEXTS:
        for code in ("nl", "en"):
            setattr(programme, f"{name}_{code}", document[f"{name}_{code}"])
    programme.start_year = document["start_year"]
    programme.end_year = document["end_year"]
    programme.image_is_decorative = document["image_is_decorative"]
    programme.review_date = _date(document["review_date"])
    programme.status = document["status"]
    programme.published_at = parse_datetime(document["published_at"] or "") or None
    programme.withdrawn_at = parse_datetime(document["withdrawn_at"] or "") or None


def _document_instance(values: dict, position: int) -> ToolboxDocument:
    item = ToolboxDocument(
        position=position,
        key=values["key"],
        kind=values["kind"],
        language=values["language"],
        external_url=values["external_url"],
        publication_date=date.fromisoformat(values["publication_date"])
        if values["publication_date"]
        else None,
    )
    for name in serialize.DOCUMENT_TEXTS:
        for code in ("nl", "en"):
            setattr(item, f"{name}_{code}", values[f"{name}_{code}"])
    if values["file"] and values["external_url"]:
        # clean() would look at the file field, which is only filled in after the import.
        item.file.name = values["file"]["path"]
    return item


def _name_files(
    document: dict, document_path: str, files: list[NamedFile], named: dict[str, str]
) -> list[Problem]:
    references = []
    if document["image"]:
        references.append(("image", document["image"], IMAGE_FILE))
    for index, entry in enumerate(document["documents"]):
        if entry["file"]:
            references.append((f"documents[{index}].file", entry["file"], DOCUMENT_FILE))
    return _name(references, document_path, files, named)


def _name(
    references: list[tuple[str, dict, str]],
    document_path: str,
    files: list[NamedFile],
    named: dict[str, str],
) -> list[Problem]:
    """Count each file a document names as named by it, once in the whole bundle."""
    problems = []
    for where, declared, kind in references:
        path = declared["path"]
        if path in named:
            problems.append(
                Problem(
                    document_path,
                    f"{where}.path",
                    _(
                        "%(path)s is also named by %(other)s; name each file once.",
                        path=path,
                        other=named[path],
                    ),
                )
            )
            continue
        named[path] = document_path
        files.append(NamedFile(path, document_path, where, declared, kind))
    return problems


def _claim_files(document: object, named: dict[str, str], document_path: str) -> None:
    """Count the files an invalid document names as named, so they are not reported twice."""
    if not isinstance(document, dict):
        return
    entries = [document.get("image")]
    if isinstance(document.get("documents"), list):
        entries += [item.get("file") for item in document["documents"] if isinstance(item, dict)]
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            named.setdefault(entry["path"], document_path)


def _check_file(bundle: Bundle, named_file: NamedFile, problems: list[Problem]) -> None:
    declared = named_file.declared
    where = named_file.json_path

    def problem(suffix: str, message: str) -> None:
        problems.append(Problem(named_file.document_path, f"{where}.{suffix}", message))

    if named_file.bundle_path not in bundle:
        problem("path", _("%(path)s is not in the bundle.", path=named_file.bundle_path))
        return
    size = bundle.size(named_file.bundle_path)
    if size > LIMITS.file_bytes:
        problem(
            "size",
            _(
                "The file is %(size)s bytes; at most %(limit)s are accepted.",
                size=size,
                limit=LIMITS.file_bytes,
            ),
        )
        return
    if size != declared["size"]:
        problem(
            "size",
            _(
                "The file is %(size)s bytes, not the %(stated)s stated.",
                size=size,
                stated=declared["size"],
            ),
        )
        return
    try:
        with bundle.open_seekable(named_file.bundle_path) as stream:
            facts = file_facts(stream, name=named_file.bundle_path)
            content_type = serialize.content_type_of(named_file.kind, stream, facts.content_type)
    except UNREADABLE as error:
        problem("path", _("The file cannot be read: %(error)s", error=error))
        return
    if facts.sha256 != declared["sha256"]:
        problem(
            "sha256",
            _("The file's SHA-256 checksum does not match: the file has changed or is damaged."),
        )
        return
    if content_type != declared["content_type"]:
        problem(
            "content_type",
            _(
                "The file is stated to be %(stated)s, but its content is %(actual)s.",
                stated=declared["content_type"],
                actual=content_type,
            ),
        )
        return
    if content_type not in ALLOWED_TYPES[named_file.kind]():
        problem(
            "content_type",
            _("Files of type %(type)s are not accepted here.", type=content_type),
        )
        return
    named_file.page_count = facts.page_count
    if named_file.kind == ITEM_IMAGE_FILE:
        # As an image uploaded to a timeline item in the admin (which also bounds its pixels).
        try:
            with bundle.open_seekable(named_file.bundle_path) as stream:
                _format, named_file.width, named_file.height = images.inspect(stream)
        except ValidationError as error:
            problem("path", " ".join(error.messages))
        except UNREADABLE as error:
            problem("path", _("The image cannot be read: %(error)s", error=error))
    elif named_file.is_image:
        try:
            with (
                bundle.open_seekable(named_file.bundle_path) as stream,
                Image.open(stream) as image,
            ):
                image.verify()
                named_file.width, named_file.height = image.size
        except (
            UnidentifiedImageError,
            OSError,
            Image.DecompressionBombError,
            SyntaxError,
        ) as error:
            problem("path", _("The image cannot be read: %(error)s", error=error))


# Exhibitions: validation ----------------------------------------------------------------------


def _validate_exhibition(
    bundle: Bundle,
    document_path: str,
    files: list[NamedFile],
    named: dict[str, str],
    problems: list[Problem],
    in_bundle: dict[str, frozenset[str] | None],
    curators: dict[str, tuple[str, str, str]],
) -> Plan | None:
    """Everything about one exhibition document; its plan if it has no problem.

    Unlike programmes, there is no shortcut for a document that equals the site's own export:
    its references must be checked against this bundle in any case, and exhibitions are few.
    """
    found: list[Problem] = []
    document = read_json(bundle, document_path, found)
    stem = PurePosixPath(document_path).stem
    if document is not None:
        found.extend(_document_problems("exhibition", document, document_path))
    if not found:
        found.extend(_exhibition_model_problems(document, document_path))
        found.extend(_reference_problems(document, document_path, in_bundle))
        found.extend(_curator_problems(document, document_path, curators))
    if not found:
        found.extend(_name_exhibition_files(document, document_path, files, named))
    problems.extend(found)
    if found:
        _claim_exhibition_files(document, named, document_path)
        if document is None:
            prefix = exhibition_files_folder(stem)
            for name in bundle.names():
                if name.startswith(prefix):
                    named.setdefault(name, document_path)
        return None
    existing = _existing_exhibition(document["slug"])
    if existing is None:
        return Plan(document["slug"], document_path, "create", kind=EXHIBITION)
    current = serialize.exhibition_document(existing)
    if serialize.comparable_exhibition(current) == serialize.comparable_exhibition(
        document
    ) and _exhibition_files_present(existing):
        return Plan(document["slug"], document_path, "unchanged", kind=EXHIBITION)
    incoming = {item["slug"] for item in document["items"]}
    removed = sum(item["slug"] not in incoming for item in current["items"])
    return Plan(document["slug"], document_path, "update", removed=removed, kind=EXHIBITION)


def _existing_exhibition(slug: str) -> Exhibition | None:
    return serialize.with_exhibition_content(Exhibition.objects.filter(slug=slug)).first()


def _exhibition_files_present(exhibition: Exhibition) -> bool:
    stored = [
        getattr(item, name)
        for item in exhibition.items.all()
        for name in serialize.ITEM_FILES
        if getattr(item, name)
    ]
    return all(default_storage.exists(file.name) for file in stored)


def _exhibition_model_problems(document: dict, document_path: str) -> list[Problem]:
    """The models' own validation of the exhibition, its curator and its items."""
    problems: list[Problem] = []
    existing = Exhibition.objects.filter(slug=document["slug"]).only("pk").first()
    exhibition = Exhibition(pk=existing.pk if existing else None, slug=document["slug"])
    # An existing exhibition is being changed, not added: its own row is no conflict.
    exhibition._state.adding = existing is None
    _apply_exhibition_fields(exhibition, document)
    problems += _validation_problems(
        exhibition, document_path, [], EXHIBITION_TRANSLATED, exclude=["curator", "opening_item"]
    )
    problems += _rich_text_problems(document, [], EXHIBITION_RICH_TEXT, document_path)
    for field_name in ("published_at", "withdrawn_at"):
        if document[field_name] and _moment(document[field_name]) is None:
            problems.append(
                Problem(document_path, field_name, _("This is not a moment that exists."))
            )
    if document["curator"]:
        curator = Curator(name=document["curator"]["name"])
        for code in ("nl", "en"):
            setattr(curator, f"role_{code}", document["curator"][f"role_{code}"])
        problems += _validation_problems(curator, document_path, ["curator"], {"role"})
    slugs: set[str] = set()
    for index, values in enumerate(document["items"]):
        where = ["items", index]
        if values["slug"] in slugs:
            problems.append(
                Problem(
                    document_path,
                    json_path([*where, "slug"]),
                    _("Each item needs its own address in the exhibition."),
                )
            )
        slugs.add(values["slug"])
        problems += _rich_text_problems(values, where, ITEM_RICH_TEXT, document_path)
        unreal = [name for name in ("date", "end_date") if values[name] and not _date(values[name])]
        for name in unreal:
            problems.append(
                Problem(
                    document_path,
                    json_path([*where, name]),
                    _("This is not a date that exists."),
                )
            )
        if unreal:
            continue
        item = _item_instance(values)
        found = _validation_problems(
            item,
            document_path,
            where,
            ITEM_TRANSLATED,
            # Assigning the image again (as clean_fields() does) would make it read the file.
            exclude=["exhibition", "document", "image"],
            validate_unique=False,
        )
        # clean() reads the alternative text in the active language; the Dutch is required.
        if (
            values["image"]
            and not values["image_is_decorative"]
            and not values["image_alt_text_nl"]
        ):
            missing = Problem(
                document_path,
                json_path([*where, "image_alt_text_nl"]),
                _("Describe the image for visitors who cannot see it."),
            )
            if missing not in found:
                found.append(missing)
        problems += found
    if document["opening_item"] is not None and document["opening_item"] not in slugs:
        problems.append(
            Problem(
                document_path,
                "opening_item",
                _("The opening item must be an item of this exhibition."),
            )
        )
    return problems


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


def _name_exhibition_files(
    document: dict, document_path: str, files: list[NamedFile], named: dict[str, str]
) -> list[Problem]:
    references = []
    for index, values in enumerate(document["items"]):
        for field_name, kind in ITEM_FILE_KINDS.items():
            if values[field_name]:
                references.append((f"items[{index}].{field_name}", values[field_name], kind))
    return _name(references, document_path, files, named)


def _claim_exhibition_files(document: object, named: dict[str, str], document_path: str) -> None:
    """Count the files an invalid document names as named, so they are not reported twice."""
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        return
    for values in document["items"]:
        if not isinstance(values, dict):
            continue
        for field_name in ITEM_FILE_KINDS:
            entry = values.get(field_name)
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                named.setdefault(entry["path"], document_path)


def _apply_exhibition_fields(exhibition: Exhibition, document: dict) -> None:
    for name in serialize.EXHIBITION_TEXTS:
        for code in ("nl", "en"):
            setattr(exhibition, f"{name}_{code}", document[f"{name}_{code}"])
    exhibition.status = document["status"]
    exhibition.published_at = _moment(document["published_at"])
    exhibition.withdrawn_at = _moment(document["withdrawn_at"])


def _item_instance(values: dict) -> TimelineItem:
    """An unsaved timeline item with the values of a bundle's item; its files named only, under
    names like those they will be stored under, so that clean() sees which files it has."""
    item = TimelineItem(slug=values["slug"])
    _apply_item_fields(item, values)
    for field_name, upload_path in ITEM_UPLOAD_PATHS.items():
        if values[field_name]:
            getattr(item, field_name).name = upload_path(item, values[field_name]["path"])
    return item


def _apply_item_fields(item: TimelineItem, values: dict) -> None:
    item.date = _date(values["date"])
    item.date_precision = values["date_precision"]
    item.end_date = _date(values["end_date"])
    item.kind = values["kind"]
    item.image_is_decorative = values["image_is_decorative"]
    for name in serialize.ITEM_TEXTS:
        for code in ("nl", "en"):
            setattr(item, f"{name}_{code}", values[f"{name}_{code}"])


def _validation_problems(
    instance, document_path: str, prefix: list, translated: set[str], **options
) -> list[Problem]:
    """``full_clean()`` of a model instance, as problems at JSON paths under ``prefix``."""
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        problems = []
        for name, messages in error.message_dict.items():
            # A model's untranslated field name (e.g. from clean()) means its Dutch text.
            json_name = f"{name}_nl" if name in translated else name
            where = prefix if name == "__all__" else [*prefix, json_name]
            problems.extend(Problem(document_path, json_path(where), m) for m in messages)
        return problems
    return []


def _rich_text_problems(
    values: dict, prefix: list, fields: list[str], document_path: str
) -> list[Problem]:
    problems = []
    for name in fields:
        stored = sanitise_html(values[name])
        if stored != values[name]:
            problems.append(
                Problem(
                    document_path,
                    json_path([*prefix, name]),
                    _(
                        "This HTML is not in the form the site stores (only simple, safe HTML "
                        "is kept); it would be stored as: %(stored)s",
                        stored=json.dumps(stored, ensure_ascii=False),
                    ),
                )
            )
    return problems


def _moment(text: str | None):
    """The moment a text names, or None (also when it names one that does not exist)."""
    try:
        return parse_datetime(text or "")
    except ValueError:
        return None


def _rich_text_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, RichTextField) and field.name.endswith(("_nl", "_en"))
    ]


EXHIBITION_RICH_TEXT = _rich_text_fields(Exhibition)
ITEM_RICH_TEXT = _rich_text_fields(TimelineItem)
EXHIBITION_TRANSLATED = set(serialize.EXHIBITION_TEXTS)
ITEM_TRANSLATED = {*serialize.ITEM_TEXTS, "captions"}
ITEM_FILE_KINDS = {
    "image": ITEM_IMAGE_FILE,
    "video": VIDEO_FILE,
    "captions_nl": CAPTIONS_FILE,
    "captions_en": CAPTIONS_FILE,
}
ITEM_UPLOAD_PATHS = {
    "image": image_upload_path,
    "video": video_upload_path,
    "captions_nl": captions_upload_path,
    "captions_en": captions_upload_path,
}


ALLOWED_TYPES = {
    DOCUMENT_FILE: document_content_types,
    IMAGE_FILE: image_content_types,
    ITEM_IMAGE_FILE: image_content_types,
    VIDEO_FILE: video_content_types,
    CAPTIONS_FILE: lambda: {CAPTIONS_CONTENT_TYPE},
}


# Importing ---------------------------------------------------------------------------------


@dataclass
class _StorageWork:
    """Files to write once the transaction has committed.

    Files that an import replaces or whose document it removes are not deleted: earlier
    versions in the history still name them, and restoring one must find its file.
    """

    writes: list[tuple[str, str]] = field(default_factory=list)  # (bundle path, storage name)


def _import(
    bundle: Bundle, report: ImportReport, files: list[NamedFile], progress: Progress, user
) -> None:
    by_path = {named_file.bundle_path: named_file for named_file in files}
    work = _StorageWork()
    to_apply = [plan for plan in report.plans if plan.action != "unchanged"]
    # Written in Dutch, the default language, so that modeltranslation's own columns hold Dutch.
    with (
        translation.override("nl"),
        transaction.atomic(),
        reversion.create_revision(),
        search_refresh_deferred(),
    ):
        # One version in the history for everything this import changed.
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(_("Imported from %(bundle)s", bundle=report.bundle_name))
        for index, plan in enumerate(to_apply):
            progress(index, len(to_apply), "importing")
            _keep_memory_flat(index)
            document = read_json(bundle, plan.document_path, report.problems)
            if plan.kind == EXHIBITION:
                _upsert_exhibition(document, by_path, work)
            else:
                _upsert(document, by_path, work)
    # Files go to storage only now that the database holds the rows that name them.
    try:
        for index, (bundle_path, storage_name) in enumerate(work.writes):
            progress(index, len(work.writes), "writing files")
            with bundle.open_seekable(bundle_path) as stream:
                saved = default_storage.save(storage_name, File(stream, name=storage_name))
            if saved != storage_name:
                raise OSError(f"storage chose another name for {storage_name}: {saved}")
    except OSError as error:
        raise OSError(
            _(
                "the programmes were imported, but writing their files failed (%(error)s); run "
                "the same import again to write the missing files (manage.py verify_fixity lists "
                "them)",
                error=error,
            )
        ) from error


def _upsert(document: dict, files: dict[str, NamedFile], work: _StorageWork) -> None:
    programme = _existing(document["slug"]) or Programme(slug=document["slug"])
    _apply_programme_fields(programme, document)
    programme.save()
    _sync_former_slugs(programme, document["former_slugs"])
    for relation, model in PART_MODELS.items():
        _sync_parts(programme, relation, model, document[relation])
    _sync_documents(programme, document["documents"], files, work)
    _sync_image(programme, document["image"], files, work)


def _sync_former_slugs(programme: Programme, slugs: list[str]) -> None:
    programme.former_slugs.exclude(slug__in=slugs).delete()
    for slug in slugs:
        FormerSlug.objects.get_or_create(slug=slug, defaults={"programme": programme})


def _sync_parts(programme: Programme, relation: str, model, rows: list[dict]) -> None:
    existing = {part.position: part for part in model.objects.filter(programme=programme)}
    for position, values in enumerate(rows, start=1):
        part = existing.pop(position, None) or model(programme=programme, position=position)
        for name, value in values.items():
            setattr(part, name, value)
        part.save()
    model.objects.filter(pk__in=[part.pk for part in existing.values()]).delete()


def _sync_documents(
    programme: Programme, entries: list[dict], files: dict[str, NamedFile], work: _StorageWork
) -> None:
    current = {item.key: item for item in programme.documents.all()}
    # Move every row out of the positions the bundle is about to use.
    programme.documents.update(position=F("position") + PARKING_OFFSET)
    for position, values in enumerate(entries, start=1):
        item = current.pop(values["key"], None)
        fresh = _document_instance(values, position)
        if item is None:
            item = fresh
            item.programme = programme
        else:
            for name in ("position", "kind", "language", "external_url", "publication_date"):
                setattr(item, name, getattr(fresh, name))
            for name in serialize.DOCUMENT_TEXTS:
                for code in ("nl", "en"):
                    setattr(item, f"{name}_{code}", getattr(fresh, f"{name}_{code}"))
        _place_document_file(item, values["file"], files, work)
        item.save()
    for item in current.values():
        item.delete()


def _place_document_file(
    item: ToolboxDocument, declared: dict | None, files: dict[str, NamedFile], work: _StorageWork
) -> None:
    if declared is None:
        item.file = None
        return
    unchanged = (
        item.file and item.sha256 == declared["sha256"] and default_storage.exists(item.file.name)
    )
    if unchanged:
        return
    named_file = files[declared["path"]]
    name = document_upload_path(item, declared["path"])
    work.writes.append((declared["path"], name))
    # The name only: the content is written after the transaction commits.
    item.file.name = name
    item.file_size = declared["size"]
    item.content_type = declared["content_type"]
    item.sha256 = declared["sha256"]
    item.page_count = named_file.page_count


def _sync_image(
    programme: Programme, declared: dict | None, files: dict[str, NamedFile], work: _StorageWork
) -> None:
    current = serialize.image_entry(programme)
    if declared is None:
        if programme.image:
            Programme.objects.filter(pk=programme.pk).update(
                image="", image_width=None, image_height=None
            )
        return
    if current and not current.get("missing") and current["sha256"] == declared["sha256"]:
        return
    named_file = files[declared["path"]]
    name = programme_image_upload_path(programme, declared["path"])
    work.writes.append((declared["path"], name))
    # update() sets the name without ImageField reading a file that is not written yet.
    Programme.objects.filter(pk=programme.pk).update(
        image=name, image_width=named_file.width, image_height=named_file.height
    )


# Exhibitions: importing -----------------------------------------------------------------------


def _upsert_exhibition(document: dict, files: dict[str, NamedFile], work: _StorageWork) -> None:
    """Create or update an exhibition (by slug) and its items (by slug); its programmes are in
    the database by now, imported first or there already."""
    exhibition = Exhibition.objects.filter(slug=document["slug"]).first()
    exhibition = exhibition or Exhibition(slug=document["slug"])
    _apply_exhibition_fields(exhibition, document)
    exhibition.curator = _curator(document["curator"], exhibition.curator)
    exhibition.save()
    exhibition.related_programmes.set(
        Programme.objects.filter(slug__in=document["related_programmes"])
    )
    current = {item.slug: item for item in exhibition.items.all()}
    items = {}
    for values in document["items"]:
        item = current.pop(values["slug"], None) or TimelineItem(
            exhibition=exhibition, slug=values["slug"]
        )
        _apply_item_fields(item, values)
        reference = values["document"]
        item.document = (
            None
            if reference is None
            else ToolboxDocument.objects.get(
                programme__slug=reference["programme"], key=reference["key"]
            )
        )
        for field_name in ITEM_FILE_KINDS:
            _place_item_file(exhibition, item, field_name, values[field_name], files, work)
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
    exhibition: Exhibition,
    item: TimelineItem,
    field_name: str,
    declared: dict | None,
    files: dict[str, NamedFile],
    work: _StorageWork,
) -> None:
    stored = getattr(item, field_name)
    if declared is None:
        # The name only: the previous file stays in storage for the history.
        stored.name = ""
        if field_name == "image":
            item.image_width = item.image_height = None
        return
    if item.pk is not None and stored:
        current = serialize.item_file_entry(exhibition, item, field_name)
        if not current.get("missing") and current["sha256"] == declared["sha256"]:
            return
    named_file = files[declared["path"]]
    name = ITEM_UPLOAD_PATHS[field_name](item, declared["path"])
    work.writes.append((declared["path"], name))
    # The name only (an assignment would make the ImageField read a file not written yet):
    # the content is written after the transaction commits.
    stored.name = name
    if field_name == "image":
        item.image_width, item.image_height = named_file.width, named_file.height


# The record --------------------------------------------------------------------------------

REPORT_LINES = 200


def _record(report: ImportReport, started, user, source: str) -> ArchiveImport:
    lines = [str(problem) for problem in report.problems[:REPORT_LINES]]
    if len(report.problems) > REPORT_LINES:
        lines.append(
            _("... and %(count)s more problems.", count=len(report.problems) - REPORT_LINES)
        )
    if not report.problems:
        lines = list(iter_plans(report))[:REPORT_LINES]
        lines.append(report.summary())
    # Names and JSON keys come from the bundle; no database column takes a NUL character.
    lines = [line.replace("\x00", "\\x00") for line in lines]
    record = ArchiveImport.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        source=source,
        bundle_name=report.bundle_name.replace("\x00", "")[:500],
        bundle_sha256=report.bundle_sha256,
        dry_run=report.dry_run,
        outcome=report.outcome,
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        removed=report.removed,
        report="\n".join(lines),
    )
    if not report.dry_run:
        audit.record(
            AuditEvent.Action.IMPORTED,
            user=user,
            obj=record,
            detail=f"{record.get_outcome_display()}: {report.summary()}",
        )
    return record


ACTIONS = {
    "create": gettext_lazy("create"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
}


def iter_plans(report: ImportReport) -> Iterator[str]:
    """One line per programme and exhibition: what the import does (or did) with it."""
    for plan in report.plans:
        action = ACTIONS[plan.action]
        slug = plan.slug
        if plan.kind == EXHIBITION:
            slug = _("exhibition %(slug)s", slug=slug)
        if plan.removed:
            yield _(
                "%(action)s  %(slug)s  (removes %(count)s parts)",
                action=action,
                slug=slug,
                count=plan.removed,
            )
        else:
            yield f"{action}  {slug}"
