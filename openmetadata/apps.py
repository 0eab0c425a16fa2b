from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenMetadataConfig(AppConfig):
    name = "openmetadata"
    verbose_name = _("Open metadata")

    def ready(self) -> None:
        from openmetadata import checks, tracking  # noqa: F401  (checks register themselves)

        tracking.connect()
