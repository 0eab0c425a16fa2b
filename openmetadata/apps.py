from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenMetadataConfig(AppConfig):
    name = "openmetadata"
    verbose_name = _("Open metadata")

    def ready(self) -> None:
        from openmetadata import checks  # noqa: F401  (checks register themselves)
        from openmetadata.tracking import DeletedRecordKeeper
        from publishing.events import watch_publications

        watch_publications(DeletedRecordKeeper())
