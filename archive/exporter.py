"""Writing an archive bundle: a folder or a .zip with the manifest, one document per programme
and per exhibition and every stored file, and on request MDTO metadata (of the programmes and
their documents) for an e-depot. The output is
deterministic: exporting the same archive twice gives the same bundle, apart from the export
time in the manifest."""

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from archive.bundle import CHUNK
from archive.exhibition_mapping import ITEM_FILES, exhibition_document, with_exhibition_content
from archive.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    exhibition_path,
    mdto_document_path,
    mdto_file_path,
    mdto_programme_path,
    programme_path,
)
from archive.mapping import timestamp
from archive.programme_mapping import programme_document, with_archive_content
from archive.themes import theme_definitions
from exhibitions.models import Exhibition
from openmetadata import mdto
from openmetadata.schemas import mdto_schema, validation_errors
from programmes.models import Programme
from website.public_urls import NoBaseURL, absolute_url

# Fixed entry times make a zip depend on its content only.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ExportError(Exception):
    pass


@dataclass
class ExportReport:
    programmes: int = 0
    exhibitions: int = 0
    files: int = 0
    bytes: int = 0
    mdto_records: int = 0


def export_bundle(
    target: str | Path,
    *,
    slugs: Iterable[str] = (),
    exhibition_slugs: Iterable[str] = (),
    as_zip: bool = False,
    source_site: str = "",
    progress: Callable[[int, int, str], None] | None = None,
    with_mdto: bool = False,
    base_url: str = "",
) -> ExportReport:
    """Export the programmes named by ``slugs`` and the exhibitions named by ``exhibition_slugs``
    to ``target``; with neither, every programme and every exhibition.

    Naming only programmes exports no exhibition, naming only exhibitions no programme: an
    exhibition's references to programmes and their documents are by slug and key, and resolve
    on import against the bundle or the site it is imported into.

    A folder target must not exist yet or be empty; a zip target is written whole or not at all.
    ``with_mdto`` adds MDTO metadata (see docs/ARCHIVE_FORMAT.md), each record checked against
    the MDTO schema before it is written; its public addresses start with ``base_url``, else
    PUBLIC_BASE_URL, and without either nothing is exported.
    """
    target = Path(target)
    site_url = _site_url(base_url) if with_mdto else None
    progress = progress or (lambda done, total, label: None)
    slugs, exhibition_slugs = list(slugs), list(exhibition_slugs)
    everything = not slugs and not exhibition_slugs
    slug_list = _chosen(
        Programme.objects.order_by("slug"),
        slugs,
        everything,
        _("No programme with the slug(s): %(slugs)s."),
    )
    exhibition_list = _chosen(
        Exhibition.objects.order_by("slug"),
        exhibition_slugs,
        everything,
        _("No exhibition with the slug(s): %(slugs)s."),
    )
    if not slug_list and not exhibition_list:
        raise ExportError(_("There are no programmes to export."))

    writer = _ZipWriter(target) if as_zip else _FolderWriter(target)
    report = ExportReport()
    try:
        entries = []
        # The themes the documents name, defined in the manifest.
        themes: set[str] = set()
        for index, slug in enumerate(slug_list):
            progress(index, len(slug_list), "exporting")
            programme = with_archive_content(Programme.objects.filter(slug=slug)).get()
            document = programme_document(programme)
            themes.update(document["themes"])
            for stored, entry in _files_of_programme(programme, document):
                _add_file(writer, report, stored, entry, slug)
            if site_url is not None:
                for path, record in _mdto_records(programme, document, site_url):
                    writer.add_bytes(path, _checked_mdto(path, record))
                    report.mdto_records += 1
            entries.append(_add_document(writer, programme_path(slug), document))
            report.programmes += 1
        exhibition_entries = []
        for index, slug in enumerate(exhibition_list):
            progress(index, len(exhibition_list), "exporting exhibitions")
            exhibition = with_exhibition_content(Exhibition.objects.filter(slug=slug)).get()
            document = exhibition_document(exhibition)
            themes.update(document["themes"])
            for stored, entry in _files_of_exhibition(exhibition, document):
                _add_file(writer, report, stored, entry, slug)
            exhibition_entries.append(_add_document(writer, exhibition_path(slug), document))
            report.exhibitions += 1
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "exported_at": timestamp(timezone.now()),
            "source_site": source_site,
            "programmes": entries,
        }
        if exhibition_entries:
            # Left out when empty: such a bundle is exactly what sites read before exhibitions
            # were part of the format.
            manifest["exhibitions"] = exhibition_entries
        if themes:
            # Left out when there are none, as exhibitions are: such a bundle is exactly what
            # sites read before themes were part of the format.
            manifest["themes"] = theme_definitions(themes)
        writer.add_bytes(MANIFEST, _json(manifest))
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    return report


def _chosen(queryset, slugs: list[str], everything: bool, missing_message: str) -> list[str]:
    """The slugs to export from ``queryset``: all of them, the ones named, or none."""
    if slugs:
        queryset = queryset.filter(slug__in=slugs)
        missing = sorted(set(slugs) - set(queryset.values_list("slug", flat=True)))
        if missing:
            raise ExportError(missing_message % {"slugs": ", ".join(missing)})
    elif not everything:
        return []
    return list(queryset.values_list("slug", flat=True))


def _add_file(writer, report: ExportReport, stored, entry: dict, slug: str) -> None:
    if entry.get("missing"):
        if isinstance(stored.instance, Programme):  # its image, the one file it keeps no facts of
            raise ExportError(_("The image of %(slug)s is missing from storage.") % {"slug": slug})
        raise ExportError(_missing(stored, slug))
    try:
        with stored.open("rb") as stream:
            writer.add_stream(entry["path"], stream)
    except FileNotFoundError:
        raise ExportError(_missing(stored, slug)) from None
    report.files += 1
    report.bytes += entry["size"]


def _missing(stored, slug: str) -> str:
    return _("%(file)s of %(slug)s is missing from storage.") % {"file": stored.name, "slug": slug}


def _add_document(writer, path: str, document: dict) -> dict:
    """Write a programme or exhibition document; its entry in the manifest."""
    data = _json(document)
    writer.add_bytes(path, data)
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest()}


def _files_of_exhibition(exhibition: Exhibition, document: dict):
    for item, entry in zip(exhibition.items.all(), document["items"], strict=True):
        for field in ITEM_FILES:
            if getattr(item, field):
                yield getattr(item, field), entry[field]


def _files_of_programme(programme: Programme, document: dict):
    if programme.image:
        yield programme.image, document["image"]
    for item, entry in zip(programme.documents.all(), document["documents"], strict=True):
        if item.file:
            yield item.file, entry["file"]


def _site_url(base_url: str) -> Callable[[str], str]:
    site_url = partial(absolute_url, base_url=base_url)
    try:
        site_url("/")
    except NoBaseURL:
        raise ExportError(
            _(
                "MDTO metadata needs the site's public address: pass --base-url or set "
                "PUBLIC_BASE_URL."
            )
        ) from None
    return site_url


def _mdto_records(programme: Programme, document: dict, site_url: Callable[[str], str]):
    """The MDTO records of a programme with their paths: its own, each document's and, next
    to each document file, that file's."""
    yield (
        mdto_programme_path(programme.slug),
        mdto.programme_record(programme, absolute_url=site_url),
    )
    for item, entry in zip(programme.documents.all(), document["documents"], strict=True):
        yield (
            mdto_document_path(programme.slug, item.key),
            mdto.document_record(item, absolute_url=site_url),
        )
        if item.file:
            yield (
                mdto_file_path(entry["file"]["path"]),
                mdto.file_record(item, absolute_url=site_url),
            )


def _checked_mdto(path: str, record: etree._Element) -> bytes:
    errors = validation_errors(mdto_schema(), record)
    if errors:
        raise ExportError(
            _("%(path)s would not be valid MDTO: %(errors)s")
            % {"path": path, "errors": "; ".join(errors)}
        )
    return mdto.serialize(record)


def _json(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


class _FolderWriter:
    def __init__(self, target: Path) -> None:
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise ExportError(_("%(path)s exists and is not an empty folder.") % {"path": target})
        self.target = target
        self.created = not target.exists()
        target.mkdir(parents=True, exist_ok=True)

    def _path(self, name: str) -> Path:
        path = self.target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def add_bytes(self, name: str, data: bytes) -> None:
        self._path(name).write_bytes(data)

    def add_stream(self, name: str, stream) -> None:
        with self._path(name).open("wb") as out:
            shutil.copyfileobj(stream, out, CHUNK)

    def finish(self) -> None:
        pass

    def abandon(self) -> None:
        if self.created:
            shutil.rmtree(self.target, ignore_errors=True)
        else:
            for child in self.target.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()


class _ZipWriter:
    def __init__(self, target: Path) -> None:
        if target.exists():
            raise ExportError(_("%(path)s exists already.") % {"path": target})
        self.target = target
        self.partial = target.with_name(target.name + ".partial")
        self.zip = zipfile.ZipFile(self.partial, "w", compression=zipfile.ZIP_DEFLATED)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_bytes(self, name: str, data: bytes) -> None:
        self.zip.writestr(self._info(name), data)

    def add_stream(self, name: str, stream) -> None:
        with self.zip.open(self._info(name), "w", force_zip64=True) as out:
            shutil.copyfileobj(stream, out, CHUNK)

    def finish(self) -> None:
        self.zip.close()
        self.partial.rename(self.target)

    def abandon(self) -> None:
        self.zip.close()
        self.partial.unlink(missing_ok=True)
