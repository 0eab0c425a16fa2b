from django.core.management import BaseCommand, call_command

from programmes.models import Programme
from publishing.events import publication_change

SEED_FIXTURE = "risicos-en-verantwoordelijkheden"
SEED_SLUG = "risicos-en-verantwoordelijkheden"


class Command(BaseCommand):
    help = (
        "Loads the seed programme from fixtures/ unless the database already has it, so that "
        "restarting the site never undoes an editor's changes. --force reloads it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Reload even if it exists.")

    def handle(self, *args, force: bool = False, **options) -> None:
        existing = Programme.objects.filter(slug=SEED_SLUG).first()
        if existing is not None and not force:
            self.stdout.write("The seed programme is already in the database; left unchanged.")
            return
        # Loading publishes the programme: a publication change, like any other.
        programme = existing or Programme(slug=SEED_SLUG)
        with publication_change(programme):
            call_command("loaddata", SEED_FIXTURE, verbosity=options["verbosity"])
            programme.pk = Programme.objects.get(slug=SEED_SLUG).pk
