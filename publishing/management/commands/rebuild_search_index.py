from django.apps import apps
from django.core.management import BaseCommand
from django.utils import translation

from publishing.changes import refresh_search, tracked_models
from publishing.models import ArchiveRevision
from publishing.search import repair


class Command(BaseCommand):
    help = (
        "Rebuilds the search columns and full-text index of every programme and exhibition "
        "(after bulk changes that bypass save(), or a schema change that lost the index)."
    )

    def handle(self, *args, **options) -> None:
        # Every model with search columns (documents too): the index tables and triggers the
        # migrations made, recreated if a table rebuild lost them; entries of deleted rows go.
        searchable = [
            model
            for model in apps.get_models()
            if any(field.name == "search_text" for field in model._meta.get_fields())
        ]
        repair(searchable)
        counts = []
        for model in tracked_models():
            ids = list(model.objects.values_list("pk", flat=True))
            refresh_search(model, ids)
            with translation.override("en"):
                counts.append(f"{len(ids)} {model._meta.verbose_name_plural}")
        # What searches find may have changed: cached result pages are keyed on the revision.
        ArchiveRevision.objects.record_change()
        self.stdout.write(f"Search index rebuilt for {' and '.join(reversed(counts))}.")
