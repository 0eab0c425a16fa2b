from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from publishing.admin import OrderedInlineMixin
from publishing.events import publication_change
from toolbox.models import ToolboxDocument
from toolbox.services import delete_document
from website.admin import AuditedAdminMixin
from website.history import HistoryAdmin

FILE_FACTS = ["readable_file_size", "content_type", "sha256"]


class FileFactsMixin:
    @admin.display(description=_("file size"))
    def readable_file_size(self, document: ToolboxDocument) -> str:
        return filesizeformat(document.file_size) if document.file_size is not None else "—"


class ToolboxDocumentInline(FileFactsMixin, OrderedInlineMixin, TranslationStackedInline):
    model = ToolboxDocument
    fields = [
        "position",
        "title",
        "kind",
        "description",
        "file",
        "external_url",
        "publication_date",
        "language",
        *FILE_FACTS,
    ]
    readonly_fields = FILE_FACTS


@admin.register(ToolboxDocument)
class ToolboxDocumentAdmin(AuditedAdminMixin, FileFactsMixin, HistoryAdmin, TranslationAdmin):
    list_display = ["title", "programme", "kind", "publication_date", "has_file"]
    list_filter = ["kind", "language"]
    list_select_related = ["programme"]
    search_fields = ["title_nl", "title_en", "programme__title_nl", "programme__title_en"]
    readonly_fields = ["key", *FILE_FACTS]
    fields = [
        "programme",
        "position",
        "key",
        "title",
        "kind",
        "description",
        "file",
        "external_url",
        "publication_date",
        "language",
        *FILE_FACTS,
    ]

    @admin.display(description=_("file"), boolean=True)
    def has_file(self, document: ToolboxDocument) -> bool:
        return bool(document.file)

    # A document belongs to a programme's published record: adding, moving or deleting one is a
    # change to how its programme is published (publishing/events.py).
    def save_model(self, request: HttpRequest, obj: ToolboxDocument, form, change: bool) -> None:
        programmes = [obj.programme]
        if change:
            programmes.append(ToolboxDocument.objects.get(pk=obj.pk).programme)
        with self._publication_changes(programmes):
            super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: ToolboxDocument) -> None:
        delete_document(document=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        programmes = [document.programme for document in queryset.select_related("programme")]
        with self._publication_changes(programmes):
            super().delete_queryset(request, queryset)

    @staticmethod
    @contextmanager
    def _publication_changes(programmes: list) -> Iterator[None]:
        with transaction.atomic(), ExitStack() as stack:
            for programme in {programme.pk: programme for programme in programmes}.values():
                stack.enter_context(publication_change(programme))
            yield
