"""Writes with side effects on documents."""

from django.db import transaction

from publishing.events import publication_change
from toolbox.models import ToolboxDocument


@transaction.atomic
def delete_document(*, document: ToolboxDocument) -> None:
    """Remove a document from its programme: a change to how the programme is published
    (harvesters are told that the document's record is gone)."""
    with publication_change(document.programme):
        document.delete()
