from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class BzkMemoryConfig(AppConfig):
    default = True
    name = "bzkmemory"
    verbose_name = _("Site")

    def ready(self) -> None:
        from bzkmemory import audit

        audit.connect()


class BzkAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that can require two-factor sign-in (see admin_site.py)."""

    default = False
    default_site = "bzkmemory.admin_site.BzkAdminSite"
