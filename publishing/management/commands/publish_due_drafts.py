"""Publish the drafts of published items whose scheduled time has come.

Run it every minute (docs/DEPLOYMENT.md): an item that was never published becomes public at its
time by itself, but a draft must replace its published item, which takes a write.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from publishing.changes import tracked_models
from publishing.review import publish_due_drafts


class Command(BaseCommand):
    help = "Publishes the scheduled changes to published programmes and exhibitions that are due."

    def handle(self, *args, **options) -> None:
        done = publish_due_drafts(tracked_models())
        if options["verbosity"] > 1 or done:
            message = ngettext(
                "%(count)d scheduled draft published.",
                "%(count)d scheduled drafts published.",
                done,
            )
            self.stdout.write(message % {"count": done})
