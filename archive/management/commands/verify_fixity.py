import hashlib

from django.core.management import BaseCommand, CommandError

from toolbox.models import ToolboxDocument

CHUNK = 1024 * 1024


class Command(BaseCommand):
    help = (
        "Recomputes the SHA-256 of every stored document file and reports any that is missing or "
        "no longer matches its recorded checksum; exits non-zero if there is one. For a timer."
    )

    def handle(self, *args, **options) -> None:
        checked = 0
        failures = []
        documents = ToolboxDocument.objects.exclude(file="").select_related("programme")
        for document in documents.order_by("pk").iterator(chunk_size=500):
            checked += 1
            where = f"{document.programme.slug}/{document.key} ({document.file.name})"
            try:
                digest = hashlib.sha256()
                size = 0
                with document.file.open("rb") as stream:
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
            except FileNotFoundError:
                failures.append(f"MISSING   {where}")
                continue
            if digest.hexdigest() != document.sha256 or size != document.file_size:
                failures.append(
                    f"CHANGED   {where}: SHA-256 {digest.hexdigest()}, recorded {document.sha256}"
                )
        for failure in failures:
            self.stderr.write(failure)
        if failures:
            raise CommandError(f"{len(failures)} of {checked} stored files failed the check.")
        self.stdout.write(f"All {checked} stored files are present and unchanged.")
