from django.core.management import BaseCommand
from django.utils import translation

from publishing.changes import refresh_search, tracked_models


class Command(BaseCommand):
    help = (
        "Rebuilds the search columns of every programme and exhibition "
        "(after bulk changes that bypass save())."
    )

    def handle(self, *args, **options) -> None:
        counts = []
        for model in tracked_models():
            ids = list(model.objects.values_list("pk", flat=True))
            refresh_search(model, ids)
            with translation.override("en"):
                counts.append(f"{len(ids)} {model._meta.verbose_name_plural}")
        self.stdout.write(f"Search index rebuilt for {' and '.join(reversed(counts))}.")
