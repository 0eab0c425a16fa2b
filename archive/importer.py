"""Importing an archive bundle: everything is checked before anything is written.

1. The bundle itself (bundle.py): safe names, no links, bounded sizes.
2. manifest.json: JSON, the format version, the JSON Schema, each listed document's SHA-256.
3. Each programme document (programme_import.py): JSON, the JSON Schema, then the models' own
   validation (``full_clean()``) of the programme and each of its parts, and conflicts with the
   database.
4. Each exhibition document (exhibition_import.py): the same, for the exhibition, its curator and
   its timeline items, and its references: related programmes and documents must be in the
   bundle or on this site, the opening item one of its own items.
5. Each file (files.py): named once, present, with the size and SHA-256 the document states, and
   a content type that is allowed and matches the file's own bytes. MDTO metadata that
   ``export_archive --mdto`` writes is not read.

Every problem is reported, each with its file and JSON path. Only a bundle without problems is
imported: in one transaction, programme by programme and then exhibition by exhibition (upserts
by slug), counted as one change of the archive, each item a version in the history
(archive/writing.py), after which the files are written to storage under new names. A failure
rolls everything back and writes no file.
"""

import gc
import logging
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from archive.bundle import UNREADABLE, Bundle, open_bundle
from archive.documents import DocumentKind, check_document
from archive.exhibition_import import ExhibitionDocuments
from archive.files import NamedFile, StorageWork, check_file, write_files
from archive.format import FORMAT_NAME, FORMAT_VERSION, MANIFEST, is_mdto_path
from archive.models import ArchiveImport
from archive.problems import Problem, Refused, _
from archive.programme_import import ProgrammeDocuments
from archive.reading import read_json, schema_problems, sha256_of
from archive.report import EXHIBITION, PROGRAMME, ImportReport, iter_plans, record_import
from archive.themes import BundleThemes
from archive.writing import ImportHistory, write_plans
from publishing.changes import search_refresh_deferred

__all__ = ["EXHIBITION", "PROGRAMME", "ImportReport", "import_bundle", "iter_plans"]

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


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
            kinds, files = _validate(bundle, report, progress)
            if report.problems:
                raise Refused(report.problems)
            if dry_run:
                report.outcome = ArchiveImport.Outcome.CHECKED
            else:
                _import(bundle, report, kinds, files, progress, user)
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
    report.record = record_import(report, started, user, source)
    return report


# Validation ------------------------------------------------------------------------------------


def _validate(
    bundle: Bundle, report: ImportReport, progress: Progress
) -> tuple[dict[str, DocumentKind], list[NamedFile]]:
    manifest = _manifest(bundle, report)
    named: dict[str, str] = {MANIFEST: MANIFEST}
    files: list[NamedFile] = []
    programmes = ProgrammeDocuments()
    exhibitions = ExhibitionDocuments(programmes.in_bundle)
    programmes.themes = exhibitions.themes = BundleThemes(manifest, report.problems)
    for kind, label in ((programmes, "checking"), (exhibitions, "checking exhibitions")):
        entries = manifest.get(kind.section, [])
        _check_section(kind, entries, label, bundle, files, named, report, progress)
    problems = report.problems
    for name in bundle.names():
        # MDTO metadata (export_archive --mdto) is derived from the programme documents: it
        # is not read, and a bundle with it imports like one without.
        if name not in named and not is_mdto_path(name):
            problems.append(Problem(name, "", _("No entry of the bundle names this file.")))
    for index, named_file in enumerate(files):
        progress(index, len(files), "checking files")
        check_file(bundle, named_file, problems)
    return {PROGRAMME: programmes, EXHIBITION: exhibitions}, files


def _manifest(bundle: Bundle, report: ImportReport) -> dict:
    """The manifest, if it can be read and has the format's form; Refused otherwise."""
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
    return manifest


def _check_section(
    kind: DocumentKind,
    entries: list[dict],
    label: str,
    bundle: Bundle,
    files: list[NamedFile],
    named: dict[str, str],
    report: ImportReport,
    progress: Progress,
) -> None:
    """Check every document of one kind the manifest lists; plan those without problems."""
    slugs: dict[str, str] = {}
    for index, entry in enumerate(entries):
        progress(index, len(entries), label)
        _keep_memory_flat(index)
        document_path = entry["path"]
        if not _listed(bundle, kind.section, index, entry, named, report.problems):
            continue
        kind.listed(PurePosixPath(document_path).stem)
        plan = check_document(kind, bundle, document_path, files, named, report.problems)
        if plan is None:
            continue
        if plan.slug in slugs:
            message = kind.appears_twice(plan.slug, slugs[plan.slug])
            report.problems.append(Problem(document_path, "slug", message))
            continue
        slugs[plan.slug] = document_path
        kind.accepted(plan)
        report.plans.append(plan)


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
    if sha256_of(bundle, document_path, problems) != entry["sha256"]:
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


def _keep_memory_flat(index: int) -> None:
    # A programme's model instances refer to each other (parts to programme and back), so they
    # are freed by the cyclic garbage collector, which runs less often as the heap grows.
    # Collecting every few documents keeps memory to about one programme's worth.
    if index and index % 50 == 0:
        gc.collect()


# Importing -------------------------------------------------------------------------------------


def _import(
    bundle: Bundle,
    report: ImportReport,
    kinds: dict[str, DocumentKind],
    files: list[NamedFile],
    progress: Progress,
    user,
) -> None:
    by_path = {named_file.bundle_path: named_file for named_file in files}
    work = StorageWork()
    to_apply = [plan for plan in report.plans if plan.action != "unchanged"]
    # Written in Dutch, the default language, so that modeltranslation's own columns hold Dutch
    # (and the history's comment too). One transaction and one archive change for the whole
    # bundle; the history and what is derived from the items are written as it goes
    # (archive/writing.py).
    with translation.override("nl"), transaction.atomic(), search_refresh_deferred():
        history = ImportHistory(_("Imported from %(bundle)s", bundle=report.bundle_name), user)
        write_plans(bundle, to_apply, kinds, by_path, work, history, progress, report.problems)
    # Files go to storage only now that the database holds the rows that name them.
    write_files(bundle, work, progress)
    if len(to_apply) >= FRESH_STATISTICS_FROM:
        _gather_statistics()


# An import of this many items can change the tables' sizes by orders of magnitude; below it,
# the database's own statistics (autovacuum on PostgreSQL) keep up.
FRESH_STATISTICS_FROM = 100


def _gather_statistics() -> None:
    """Fresh statistics for the planner after a large import, as autovacuum would gather them a
    minute later: until then PostgreSQL planned the next import's look-ups on 10,000 programmes
    as if the table were empty (a nested loop over both copies of the table: 14 s a
    programme). On SQLite the statistics its planner uses to prefer the narrow indexes."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
