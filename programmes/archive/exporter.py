"""Writing an archive bundle: a folder or a .zip with the manifest, one document per programme
and every stored file. The output is deterministic: exporting the same archive twice gives the
same bundle, apart from the export time in the manifest."""

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.archive import serialize
from programmes.archive.bundle import CHUNK
from programmes.archive.format import FORMAT_NAME, FORMAT_VERSION, MANIFEST, programme_path
from programmes.models import Programme

# Fixed entry times make a zip depend on its content only.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ExportError(Exception):
    pass


@dataclass
class ExportReport:
    programmes: int = 0
    files: int = 0
    bytes: int = 0


def export_bundle(
    target: str | Path,
    *,
    slugs: Iterable[str] = (),
    as_zip: bool = False,
    source_site: str = "",
    progress: Callable[[int, int, str], None] | None = None,
) -> ExportReport:
    """Export the programmes named by ``slugs`` (all of them if none) to ``target``.

    A folder target must not exist yet or be empty; a zip target is written whole or not at all.
    """
    target = Path(target)
    progress = progress or (lambda done, total, label: None)
    queryset = Programme.objects.order_by("slug")
    slugs = list(slugs)
    if slugs:
        queryset = queryset.filter(slug__in=slugs)
        missing = sorted(set(slugs) - set(queryset.values_list("slug", flat=True)))
        if missing:
            raise ExportError(
                _("No programme with the slug(s): %(slugs)s.") % {"slugs": ", ".join(missing)}
            )
    slug_list = list(queryset.values_list("slug", flat=True))
    if not slug_list:
        raise ExportError(_("There are no programmes to export."))

    writer = _ZipWriter(target) if as_zip else _FolderWriter(target)
    report = ExportReport()
    try:
        entries = []
        for index, slug in enumerate(slug_list):
            progress(index, len(slug_list), "exporting")
            programme = serialize.with_archive_content(Programme.objects.filter(slug=slug)).get()
            document = serialize.programme_document(programme)
            for stored, entry in _files_of(programme, document):
                if entry.get("missing"):
                    raise ExportError(
                        _("The image of %(slug)s is missing from storage.") % {"slug": slug}
                    )
                try:
                    with stored.open("rb") as stream:
                        writer.add_stream(entry["path"], stream)
                except FileNotFoundError:
                    raise ExportError(
                        _("%(file)s of %(slug)s is missing from storage.")
                        % {"file": stored.name, "slug": slug}
                    ) from None
                report.files += 1
                report.bytes += entry["size"]
            data = _json(document)
            path = programme_path(slug)
            writer.add_bytes(path, data)
            entries.append({"path": path, "sha256": hashlib.sha256(data).hexdigest()})
            report.programmes += 1
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "exported_at": serialize.timestamp(timezone.now()),
            "source_site": source_site,
            "programmes": entries,
        }
        writer.add_bytes(MANIFEST, _json(manifest))
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    return report


def _files_of(programme: Programme, document: dict):
    if programme.image:
        yield programme.image, document["image"]
    for item, entry in zip(programme.documents.all(), document["documents"], strict=True):
        if item.file:
            yield item.file, entry["file"]


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
