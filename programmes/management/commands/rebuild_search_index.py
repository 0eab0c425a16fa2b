from django.core.management import BaseCommand

from exhibitions.models import Exhibition
from exhibitions.search import refresh_search_index as refresh_exhibitions
from programmes.models import Programme
from programmes.search import refresh_search_index


class Command(BaseCommand):
    help = (
        "Rebuilds the search columns of every programme and exhibition "
        "(after bulk changes that bypass save())."
    )

    def handle(self, *args, **options) -> None:
        ids = list(Programme.objects.values_list("pk", flat=True))
        refresh_search_index(ids)
        exhibition_ids = list(Exhibition.objects.values_list("pk", flat=True))
        refresh_exhibitions(exhibition_ids)
        self.stdout.write(
            f"Search index rebuilt for {len(ids)} programmes and {len(exhibition_ids)} exhibitions."
        )
