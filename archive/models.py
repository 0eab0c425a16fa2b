from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveImport(models.Model):
    """The record of one import of an archive bundle (or one dry run of it), kept for archivists."""

    class Outcome(models.TextChoices):
        CHECKED = "checked", _("checked (dry run)")
        IMPORTED = "imported", _("imported")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    class Source(models.TextChoices):
        COMMAND = "command", _("command line")
        ADMIN = "admin", _("admin")

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    source = models.CharField(_("through"), max_length=20, choices=Source.choices)
    bundle_name = models.CharField(_("bundle"), max_length=500)
    bundle_sha256 = models.CharField(_("SHA-256 of the bundle"), max_length=64, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    removed = models.PositiveIntegerField(_("parts removed"), default=0)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")
        ordering = ["-started_at"]
        permissions = [
            ("import_archive", _("Can import archive bundles")),
            ("export_archive", _("Can export archive bundles")),
        ]

    def __str__(self) -> str:
        return (
            f"{self.bundle_name} ({self.get_outcome_display()}, {self.started_at:%Y-%m-%d %H:%M})"
        )
