from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MetadataSet(models.TextChoices):
    """The OAI-PMH sets: what kind of record an identifier names."""

    PROGRAMMES = "programmes", _("programmes")
    DOCUMENTS = "documents", _("documents")
    EXHIBITIONS = "exhibitions", _("exhibitions")


class DeletedRecordQuerySet(models.QuerySet):
    def current(self, *, at: datetime | None = None) -> "DeletedRecordQuerySet":
        """Records that are gone now: not live again (or not yet, for a scheduled return)."""
        at = at or timezone.now()
        return self.filter(models.Q(live_again_at__isnull=True) | models.Q(live_again_at__gt=at))

    def record_removal(self, removed: dict[str, str], *, at: datetime | None = None) -> None:
        """Remember that these identifiers (mapped to their set) are no longer published."""
        at = at or timezone.now()
        for identifier, set_spec in removed.items():
            self.update_or_create(
                identifier=identifier,
                defaults={"set_spec": set_spec, "deleted_at": at, "live_again_at": None},
            )

    def record_return(self, identifiers: list[str], *, at: datetime) -> None:
        """These identifiers are published again from ``at`` (which may lie ahead)."""
        if identifiers:
            self.filter(identifier__in=identifiers).update(live_again_at=at)


class DeletedRecord(models.Model):
    """A record harvesters have seen that is no longer published.

    OAI-PMH harvesters learn about removals only from the repository, so a removal is kept for
    good (deletedRecord "persistent"): a programme, document or exhibition that was deleted, a
    programme or exhibition taken back to draft, or the old identifier of one whose slug changed.
    Withdrawn programmes and exhibitions need no row: they keep theirs in their own table. See
    openmetadata/tracking.py.
    """

    identifier = models.CharField(_("identifier"), max_length=300, unique=True)
    set_spec = models.CharField(_("set"), max_length=20, choices=MetadataSet.choices)
    deleted_at = models.DateTimeField(_("removed"))
    # A removed identifier that is published again (published anew, a slug changed
    # back) is live again from this time on; until then it still reads as deleted.
    live_again_at = models.DateTimeField(_("published again"), null=True, blank=True)

    objects = DeletedRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("removed record")
        verbose_name_plural = _("removed records")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(set_spec__in=MetadataSet.values),
                name="deleted_record_set_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.identifier
