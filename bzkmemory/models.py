from django.db import models
from django.utils.translation import gettext_lazy as _

from bzkmemory.richtext import RichTextField


class SiteSettingsQuerySet(models.QuerySet):
    def current(self) -> "SiteSettings":
        """The one row of site settings, created empty if a database has none yet."""
        settings, _created = self.get_or_create(pk=SiteSettings.SINGLETON_PK)
        return settings


class SiteSettings(models.Model):
    """Texts of the site itself that editors maintain, such as its introduction.

    There is exactly one row (created by a data migration); the admin offers no add or delete.
    """

    SINGLETON_PK = 1

    introduction = RichTextField(
        _("site introduction"),
        blank=True,
        help_text=_(
            "What Het geheugen van BZK offers; shown on the home page and above every programme."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SiteSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_is_a_single_row"),
        ]

    def __str__(self) -> str:
        return str(_("Site settings"))
