"""What every kind of document in a bundle goes through (programmes, exhibitions): read, checked
against the schema and the models, its files named, and planned; or refused with every problem
found, its files claimed so that they are not reported again."""

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from archive.bundle import Bundle
from archive.files import FileReference, NamedFile, StorageWork, claim_files, name_files
from archive.problems import Problem
from archive.reading import document_problems, read_json
from archive.report import Plan

if TYPE_CHECKING:
    from archive.themes import BundleThemes


class DocumentKind:
    """One kind of document: where the manifest lists it, its schema definition, its files,
    its checks, its plan and its write. Subclasses fill these in."""

    section: str  # the manifest's list of these documents, e.g. "programmes"
    # The themes the bundle defines (archive/themes.py), given by the importer before any check.
    themes: "BundleThemes"
    definition: str  # its definition in the JSON Schema, e.g. "programme"

    def files_folder(self, stem: str) -> str:
        """The folder of files that belongs to the document named ``stem``."""
        raise NotImplementedError

    def file_references(self, document: object) -> list[FileReference]:
        """The file entries a document states; for an invalid document, those that can be
        found in it."""
        raise NotImplementedError

    def listed(self, stem: str) -> None:
        """The manifest lists a document named ``stem`` that is in the bundle as listed."""

    def accepted(self, plan: Plan) -> None:
        """A document passed every check and is planned (its slug is the bundle's only)."""

    def unchanged_export(self, document: object, document_path: str) -> Plan | None:
        """A plan for a document that is exactly what this site would export (which passed
        every check when it was stored), or None: check it in full."""
        return None

    def problems(self, document: dict, document_path: str) -> list[Problem]:
        """Everything wrong with a document that has the schema's form."""
        raise NotImplementedError

    def plan(self, document: dict, document_path: str) -> Plan:
        """What importing a document without problems does."""
        raise NotImplementedError

    def appears_twice(self, slug: str, other: str) -> str:
        """The problem of a slug that another document of the bundle uses too."""
        raise NotImplementedError

    def write(self, document: dict, files: dict[str, NamedFile], work: StorageWork) -> None:
        """Create or update what the document describes (inside the import's transaction)."""
        raise NotImplementedError


def check_document(
    kind: DocumentKind,
    bundle: Bundle,
    document_path: str,
    files: list[NamedFile],
    named: dict[str, str],
    problems: list[Problem],
) -> Plan | None:
    """Everything about one document; its plan if it has no problem."""
    found: list[Problem] = []
    document = read_json(bundle, document_path, found)
    if document is not None:
        unchanged = kind.unchanged_export(document, document_path)
        if unchanged is not None:
            # Only its files are still checked (with every other file of the bundle).
            found = name_files(kind.file_references(document), document_path, files, named)
            problems.extend(found)
            return None if found else unchanged
        found.extend(document_problems(kind.definition, document, document_path))
    if not found:
        found.extend(kind.problems(document, document_path))
    if not found:
        found.extend(name_files(kind.file_references(document), document_path, files, named))
    problems.extend(found)
    if found:
        # Unreadable: its own folder of files is its, whatever it would have named.
        folder = kind.files_folder(PurePosixPath(document_path).stem) if document is None else None
        claim_files(kind.file_references(document), named, document_path, bundle, folder)
        return None
    return kind.plan(document, document_path)
