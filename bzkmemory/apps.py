from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BzkMemoryConfig(AppConfig):
    name = "bzkmemory"
    verbose_name = _("Site")
