import reversion
from django.core.management import BaseCommand, call_command
from django.utils.translation import gettext

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
        # Loading publishes the programme: a publication change, like any other. It is also a
        # version in the programme's history (its first, on a new site), which editors can
        # compare with and restore.
        programme = existing or Programme(slug=SEED_SLUG)
        with publication_change(programme), reversion.create_revision():
            reversion.set_comment(gettext("Loaded from the seed"))
            call_command("loaddata", SEED_FIXTURE, verbosity=options["verbosity"])
            programme.pk = Programme.objects.get(slug=SEED_SLUG).pk
            # Once more at the end, with its parts as they are now loaded.
            reversion.add_to_revision(Programme.objects.get(pk=programme.pk))
