from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.importer import import_bundle, iter_plans
from archive.models import ArchiveImport


class Progress:
    """A progress bar on a terminal; a plain line now and then otherwise (for logs)."""

    def __init__(self, stream, enabled: bool) -> None:
        self.stream = stream
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()
        self.enabled = enabled
        self.last_label = ""

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled or total < 20:
            return
        if self.tty:
            width = 30
            filled = width * (done + 1) // total
            self.stream.write(
                f"\r{label:<15} [{'#' * filled}{'.' * (width - filled)}] {done + 1}/{total}",
                ending="\n" if done + 1 == total else "",
            )
            self.stream.flush()
        elif label != self.last_label or done + 1 == total or (done + 1) % max(total // 10, 1) == 0:
            self.stream.write(f"{label}: {done + 1}/{total}")
        self.last_label = label


class Command(BaseCommand):
    help = (
        "Validates an archive bundle (a folder or .zip) completely and imports it in one "
        "transaction. Every problem is reported at once; with any problem nothing is changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="The bundle: a folder or a .zip file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything and report; write nothing."
        )

    def handle(self, *args, path: str, dry_run: bool = False, **options) -> None:
        progress = Progress(self.stderr, enabled=options["verbosity"] > 0)
        report = import_bundle(
            path, dry_run=dry_run, source=ArchiveImport.Source.COMMAND, progress=progress
        )
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s problem(s): nothing was imported. Fix them and try again.")
                % {"count": len(report.problems)}
            )
        if options["verbosity"] > 1 or dry_run:
            for line in iter_plans(report):
                self.stdout.write(line)
        self.stdout.write(report.summary())
