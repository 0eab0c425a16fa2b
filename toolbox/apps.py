from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ToolboxConfig(AppConfig):
    name = "toolbox"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from toolbox.models import ToolboxDocument
        from toolbox.search import document_saved

        # Derived search columns follow every write path (toolbox/search.py says why).
        post_save.connect(document_saved, sender=ToolboxDocument, dispatch_uid="toolbox-search")
