from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from reversion_compare.admin import CompareVersionAdmin

from bzkmemory.admin import AuditedAdminMixin
from programmes.forms import OrderedChildForm, OrderedChildFormSet
from toolbox.models import ToolboxDocument

FILE_FACTS = ["readable_file_size", "content_type", "sha256"]


class FileFactsMixin:
    @admin.display(description=_("file size"))
    def readable_file_size(self, document: ToolboxDocument) -> str:
        return filesizeformat(document.file_size) if document.file_size is not None else "—"


class ToolboxDocumentInline(FileFactsMixin, TranslationStackedInline):
    model = ToolboxDocument
    form = OrderedChildForm
    formset = OrderedChildFormSet
    extra = 0
    ordering = ["position"]
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
class ToolboxDocumentAdmin(
    AuditedAdminMixin, FileFactsMixin, CompareVersionAdmin, TranslationAdmin
):
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
