from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    default = True
    name = "website"
    verbose_name = _("Site")

    def ready(self) -> None:
        from website import audit

        audit.connect()


class SiteAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that can require two-factor sign-in (see admin_site.py)."""

    default = False
    default_site = "website.admin_site.BzkAdminSite"
