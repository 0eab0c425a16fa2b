"""Keeps the record of removals that OAI-PMH harvesters need (openmetadata.models.DeletedRecord).

A harvester only learns that a record is gone if the repository says so. Programmes, documents
and exhibitions that are published or withdrawn are listed from their own tables; this module
notes the identifiers that leave those tables while harvesters may know them: a public or
withdrawn programme or exhibition taken back to draft, scheduled for later or deleted, a
document deleted from a listed programme, the old identifiers of a programme or exhibition whose
slug changed. It also notes their return.

It watches publication changes (publishing/events.py): the services that publish, unpublish,
withdraw, rename and delete, the admin's change and delete pages, restored versions and the
archive import each wrap their writes in one, and this watcher compares the programme or
exhibition as stored before and after, in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from exhibitions.models import Exhibition
from openmetadata.identifiers import (
    document_identifier,
    exhibition_identifier,
    programme_identifier,
)
from openmetadata.models import DeletedRecord, MetadataSet
from programmes.models import Programme
from publishing.models import Publication, PublicationStatus, listed_q, satisfies
from toolbox.models import ToolboxDocument


@dataclass(frozen=True)
class Stored:
    """A programme or exhibition as stored: what its records are made of."""

    pk: int
    slug: str
    status: str
    published_at: datetime | None
    document_keys: frozenset[str] = frozenset()

    def is_listed(self, now: datetime) -> bool:
        """Whether its table shows it to harvesters (live, or withdrawn as a deletion)."""
        return satisfies(self.__dict__, listed_q(at=now))

    def returns_at(self) -> datetime | None:
        """From when it is listed again, if it is or will be."""
        if self.status == PublicationStatus.WITHDRAWN:
            return timezone.now()
        if self.status == PublicationStatus.PUBLISHED:
            return self.published_at
        return None

    def identifiers(self, model: type[Publication]) -> dict[str, str]:
        """Its identifiers (a programme's include its documents'), mapped to their set."""
        if model is Exhibition:
            return {exhibition_identifier(self.slug): MetadataSet.EXHIBITIONS}
        return {
            programme_identifier(self.slug): MetadataSet.PROGRAMMES,
            **{
                document_identifier(self.slug, key): MetadataSet.DOCUMENTS
                for key in self.document_keys
            },
        }


class DeletedRecordKeeper:
    """The publication watcher (publishing/events.py) that keeps DeletedRecord up to date."""

    models = (Programme, Exhibition)

    def before(self, item: Publication) -> Stored | None:
        return self._stored(item, item.pk)

    def after(self, item: Publication, before: Stored | None) -> None:
        model = type(item)
        if model not in self.models:
            return
        now = timezone.now()
        after = self._stored(item, item.pk or (before.pk if before else None))
        if before is not None and before.is_listed(now):
            remaining = after.identifiers(model) if after and after.is_listed(now) else {}
            gone = {
                identifier: set_spec
                for identifier, set_spec in before.identifiers(model).items()
                if identifier not in remaining
            }
            DeletedRecord.objects.record_removal(gone, at=now)
        returns_at = after.returns_at() if after else None
        if returns_at is not None:
            DeletedRecord.objects.record_return(list(after.identifiers(model)), at=returns_at)

    def _stored(self, item: Publication, pk: int | None) -> Stored | None:
        model = type(item)
        if pk is None or model not in self.models:
            return None
        row = model.objects.filter(pk=pk).values("slug", "status", "published_at").first()
        if row is None:
            return None
        keys = frozenset()
        if model is Programme:
            documents = ToolboxDocument.objects.filter(programme_id=pk)
            keys = frozenset(documents.values_list("key", flat=True))
        return Stored(pk, document_keys=keys, **row)
