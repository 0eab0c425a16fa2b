from django.core.management import BaseCommand, call_command

from programmes.models import Programme

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
        if not force and Programme.objects.filter(slug=SEED_SLUG).exists():
            self.stdout.write("The seed programme is already in the database; left unchanged.")
            return
        call_command("loaddata", SEED_FIXTURE, verbosity=options["verbosity"])
