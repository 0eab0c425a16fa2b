from datetime import timedelta

from cookie_consent.models import LogItem
from django.conf import settings
from django.core.management import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Deletes consent records (django-cookie-consent's log) older than "
        "CONSENT_LOG_RETENTION_DAYS (default 183: half a year). Meant for a daily timer."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        cutoff = timezone.now() - timedelta(days=settings.CONSENT_LOG_RETENTION_DAYS)
        old = LogItem.objects.filter(created__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} consent records are older than {cutoff:%Y-%m-%d}.")
            return
        deleted, _per_model = old.delete()
        self.stdout.write(f"Deleted {deleted} consent records older than {cutoff:%Y-%m-%d}.")
