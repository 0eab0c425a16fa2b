"""Making, changing and inspecting archive bundles in tests."""

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command

from archive.exporter import export_bundle


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class EditableBundle:
    """An exported bundle in a folder, to be changed the way an archivist (or an attacker) might."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def export(
        cls, folder: Path, *slugs: str, exhibitions: tuple[str, ...] = ()
    ) -> "EditableBundle":
        export_bundle(
            folder, slugs=slugs, exhibition_slugs=exhibitions, source_site="https://test.example"
        )
        return cls(folder)

    def read(self, name: str) -> bytes:
        return (self.folder / name).read_bytes()

    def write(self, name: str, data: bytes, *, resign: bool = True) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if resign:
            self.resign()

    def remove(self, name: str) -> None:
        (self.folder / name).unlink()

    def manifest(self) -> dict:
        return json.loads(self.read("manifest.json"))

    def save_manifest(self, manifest: dict) -> None:
        self.write("manifest.json", json.dumps(manifest).encode(), resign=False)

    def programme(self, slug: str) -> dict:
        return json.loads(self.read(f"programmes/{slug}.json"))

    def save_programme(self, slug: str, document: dict, *, resign: bool = True) -> None:
        self.write(
            f"programmes/{slug}.json",
            json.dumps(document, ensure_ascii=False).encode(),
            resign=resign,
        )

    def exhibition(self, slug: str) -> dict:
        return json.loads(self.read(f"exhibitions/{slug}.json"))

    def save_exhibition(self, slug: str, document: dict, *, resign: bool = True) -> None:
        self.write(
            f"exhibitions/{slug}.json",
            json.dumps(document, ensure_ascii=False).encode(),
            resign=resign,
        )

    def resign(self) -> None:
        """Recompute the manifest's checksums, as a careful archivist's tool would."""
        manifest = self.manifest()
        for entry in [*manifest["programmes"], *manifest.get("exhibitions", [])]:
            path = self.folder / entry["path"]
            if path.exists():
                entry["sha256"] = sha256(path.read_bytes())
        (self.folder / "manifest.json").write_bytes(json.dumps(manifest).encode())

    def replace_file(self, slug: str, index: int, data: bytes, *, declare: bool = True) -> None:
        """Put other bytes in a document's file, and (by default) state their size and checksum."""
        document = self.programme(slug)
        entry = document["documents"][index]["file"]
        self.write(entry["path"], data, resign=False)
        if declare:
            entry["size"] = len(data)
            entry["sha256"] = sha256(data)
        self.save_programme(slug, document)

    def zip(self, target: Path, *, extra: dict[str, bytes] | None = None) -> Path:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(self.folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(self.folder).as_posix())
            for name, data in (extra or {}).items():
                archive.writestr(name, data)
        return target

    def copy(self, target: Path) -> "EditableBundle":
        shutil.copytree(self.folder, target)
        return EditableBundle(target)


def stored_files() -> dict[str, str]:
    """Every file in media storage, with its checksum."""
    files = {}

    def walk(folder: str) -> None:
        directories, names = default_storage.listdir(folder)
        for name in names:
            path = f"{folder}/{name}" if folder else name
            with default_storage.open(path, "rb") as stream:
                files[path] = sha256(stream.read())
        for directory in directories:
            walk(f"{folder}/{directory}" if folder else directory)

    walk("")
    return files


def database_state() -> str:
    """The archive's content in the database (not the import log), for before/after comparisons."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        "programmes.programme",
        "programmes.objective",
        "programmes.plannedresult",
        "programmes.achievedresult",
        "programmes.formerslug",
        "toolbox",
        "exhibitions",
        stdout=out,
    )
    return out.getvalue()


def folder_contents(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def without_export_time(contents: dict[str, bytes]) -> dict[str, bytes]:
    result = dict(contents)
    manifest = json.loads(result["manifest.json"])
    manifest.pop("exported_at")
    result["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return result
