from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.exporter import ExportError, export_bundle
from website import audit
from website.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Writes programmes and exhibitions, with their files and checksums, as an archive bundle."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="A new folder, or with --zip a new .zip file.")
        parser.add_argument(
            "--programme",
            action="append",
            default=[],
            metavar="SLUG",
            help="Export only this programme (repeat for more); all of them without it.",
        )
        parser.add_argument(
            "--exhibition",
            action="append",
            default=[],
            metavar="SLUG",
            help=(
                "Export this exhibition (repeat for more). Without --programme and --exhibition "
                "everything is exported; with only one of them, only what it names."
            ),
        )
        parser.add_argument("--zip", action="store_true", help="Write one .zip file.")
        parser.add_argument(
            "--source-site", default="", help="The site the bundle comes from, for the manifest."
        )
        parser.add_argument(
            "--mdto",
            action="store_true",
            help=_(
                "Add MDTO metadata for an e-depot: next to each document file, and per programme "
                "and document under mdto/ (docs/ARCHIVE_FORMAT.md)."
            ),
        )
        parser.add_argument(
            "--base-url",
            default="",
            help=_(
                "The site's public address for MDTO metadata, e.g. https://geheugenvanbzk.nl "
                "(default: PUBLIC_BASE_URL)."
            ),
        )

    def handle(
        self, *args, path: str, programme: list[str], exhibition: list[str], zip: bool, **options
    ) -> None:
        try:
            report = export_bundle(
                path,
                slugs=programme,
                exhibition_slugs=exhibition,
                as_zip=zip,
                source_site=options["source_site"],
                with_mdto=options["mdto"],
                base_url=options["base_url"],
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        audit.record(
            AuditEvent.Action.EXPORTED,
            username="manage.py",
            detail=f"{report.programmes} programmes, {report.exhibitions} exhibitions to {path}",
        )
        self.stdout.write(
            _(
                "Exported %(programmes)s programmes with %(files)s files (%(bytes)s bytes) "
                "to %(path)s."
            )
            % {
                "programmes": report.programmes,
                "files": report.files,
                "bytes": report.bytes,
                "path": path,
            }
        )
        if report.exhibitions:
            self.stdout.write(
                _("Exported %(count)s exhibitions, their files included in the count above.")
                % {"count": report.exhibitions}
            )
        if options["mdto"]:
            self.stdout.write(
                _("Wrote %(count)s MDTO records, each valid against the MDTO schema.")
                % {"count": report.mdto_records}
            )
