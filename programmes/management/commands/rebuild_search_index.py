from django.core.management import BaseCommand

from programmes.models import Programme
from programmes.search import refresh_search_index


class Command(BaseCommand):
    help = "Rebuilds the search columns of every programme (after bulk changes that bypass save())."

    def handle(self, *args, **options) -> None:
        ids = list(Programme.objects.values_list("pk", flat=True))
        refresh_search_index(ids)
        self.stdout.write(f"Search index rebuilt for {len(ids)} programmes.")
