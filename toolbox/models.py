import uuid
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import Exact
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from publishing.models import OrderedChild, public_q, unique_position
from publishing.search import search
from toolbox.files import ALLOWED_TYPES, file_facts

DOCUMENT_LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fy", _("Frisian")),
    ("pap", _("Papiamento")),
    ("de", _("German")),
    ("fr", _("French")),
]


FORMAT_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/msword": "DOC",
    "text/plain": "TXT",
    "text/csv": "CSV",
}


def document_upload_path(document: "ToolboxDocument", filename: str) -> str:
    """A generated name, so that no uploaded name reaches the file system.

    Its extension follows the file's content where that is known, not the uploaded name.
    """
    known = ALLOWED_TYPES.get(document.content_type) if document.content_type else None
    suffix = known or PurePath(filename).suffix.lower()
    if not (suffix[1:].isascii() and suffix[1:].isalnum() and len(suffix) <= 8):
        suffix = ""
    return f"toolbox/documents/{uuid.uuid4().hex}{suffix}"


class ToolboxDocumentQuerySet(models.QuerySet):
    def public(self) -> "ToolboxDocumentQuerySet":
        """Documents of programmes visitors may see."""
        return self.filter(public_q("programme__"))

    def digitally_available(self, available: bool = True) -> "ToolboxDocumentQuerySet":
        """Documents visitors can get here or elsewhere (a file or an external address), or,
        with ``available=False``, records of documents that are not online."""
        online = ~models.Q(file="") | ~models.Q(external_url="")
        return self.filter(online if available else ~online)

    def matching(self, query: str) -> "ToolboxDocumentQuerySet":
        """Search over their titles and descriptions in both languages (publishing/search.py),
        annotated with ``rank``."""
        return search(self, query)

    def in_index_order(self) -> "ToolboxDocumentQuerySet":
        """Newest first (undated last), then by the title visitors read."""
        title = Coalesce(
            f"title_{get_language() or 'nl'}", "title_nl", output_field=models.CharField()
        )
        return self.order_by(models.F("publication_date").desc(nulls_last=True), title, "pk")

    def get_by_natural_key(self, key: str, programme_slug: str) -> "ToolboxDocument":
        return self.get(key=key, programme__slug=programme_slug)


class DocumentKind(models.TextChoices):
    PLAN_OF_APPROACH = "plan_of_approach", _("plan of approach")
    GUIDE = "guide", _("guide")
    KNOWLEDGE_DOCUMENT = "knowledge_document", _("knowledge document")
    PARLIAMENTARY_LETTER = "parliamentary_letter", _("letter to parliament")
    OTHER = "other", _("other document")


# Each kind's bit in a programme's ``document_kind_bits`` (programmes/search.py keeps it, the
# index's kind facet reads it): by the kind's place in the list, so a new kind goes at its end
# (or ``manage.py rebuild_search_index`` runs after the change).
KIND_BITS = {kind: 1 << place for place, kind in enumerate(DocumentKind.values)}


def kind_bits(kinds: Iterable[str]) -> int:
    """The bits of these kinds together (unknown kinds have none)."""
    bits = 0
    for kind in kinds:
        bits |= KIND_BITS.get(kind, 0)
    return bits


class ToolboxDocument(OrderedChild):
    """A document of a programme: with a file, at an external address, or a record of one."""

    Kind = DocumentKind

    SECTIONS = {
        Kind.PLAN_OF_APPROACH: "plans",
        Kind.GUIDE: "toolbox",
        Kind.KNOWLEDGE_DOCUMENT: "toolbox",
        Kind.PARLIAMENTARY_LETTER: "other",
        Kind.OTHER: "other",
    }

    parent_field = "programme"

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("programme"),
    )
    key = models.SlugField(
        _("key"),
        max_length=100,
        editable=False,
        help_text=_("Stable identifier of the document within its programme."),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_path, max_length=255, blank=True)
    external_url = models.URLField(
        _("external address"),
        max_length=500,
        blank=True,
        help_text=_("Only for a document kept elsewhere, when we have no file of it."),
    )
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    language = models.CharField(
        _("language of the document"), max_length=8, choices=DOCUMENT_LANGUAGES, default="nl"
    )
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), null=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("number of pages"), null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Derived from the titles and descriptions, for the documents index; kept by toolbox.search.
    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ToolboxDocumentQuerySet.as_manager()

    class Meta(OrderedChild.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            *OrderedChild.Meta.constraints,
            unique_position("programme"),
            models.UniqueConstraint(
                fields=["programme", "key"], name="toolbox_document_unique_key"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="toolbox_document_kind_is_known",
            ),
            models.CheckConstraint(
                condition=models.Q(file="") | models.Q(external_url=""),
                name="toolbox_document_file_or_external_url",
                violation_error_message=_(
                    "A document has a file or an external address, not both."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        file="",
                        file_size__isnull=True,
                        content_type="",
                        sha256="",
                        page_count__isnull=True,
                    )
                    | (
                        ~models.Q(file="")
                        & models.Q(file_size__isnull=False)
                        & ~models.Q(content_type="")
                        & models.Q(Exact(Length("sha256"), 64))
                    )
                ),
                name="toolbox_document_file_facts_match_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple:
        return (self.key, *self.programme.natural_key())

    def get_absolute_url(self) -> str:
        """The document's own page (its file, if any, is at ``public_url``)."""
        return reverse(
            "documents:detail", kwargs={"programme_slug": self.programme.slug, "key": self.key}
        )

    natural_key.dependencies = ["programmes.programme"]

    def clean(self) -> None:
        if self.file and self.external_url:
            raise ValidationError(
                {"external_url": _("A document has a file or an external address, not both.")}
            )
        if not self.file or self.file._committed:
            return
        limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
        if self.file.size > limit:
            raise ValidationError(
                {
                    "file": _("The file is %(size)s; the limit is %(limit)s.")
                    % {"size": filesizeformat(self.file.size), "limit": filesizeformat(limit)}
                }
            )
        content_type = file_facts(self.file, name=self.file.name).content_type
        if content_type not in ALLOWED_TYPES:
            raise ValidationError(
                {
                    "file": _(
                        "Files of this kind (%(type)s) are not accepted. Upload a PDF, an "
                        "OpenDocument or Office file, a plain text or a CSV file."
                    )
                    % {"type": content_type}
                }
            )

    def save(self, *args, **kwargs) -> None:
        if not self.key:
            self.key = self._unused_key()
        self._refresh_file_facts()
        super().save(*args, **kwargs)

    def _unused_key(self) -> str:
        base = slugify(self.title_nl or self.title)[:80].strip("-") or "document"
        taken = set(
            ToolboxDocument.objects.filter(programme_id=self.programme_id)
            .exclude(pk=self.pk)
            .values_list("key", flat=True)
        )
        key, number = base, 1
        while key in taken:
            number += 1
            key = f"{base}-{number}"
        return key

    def _refresh_file_facts(self) -> None:
        if not self.file:
            self.file_size, self.content_type, self.sha256, self.page_count = None, "", "", None
        elif not self.file._committed:
            # A new upload: read its bytes before storage takes them over.
            facts = file_facts(self.file, name=self.file.name)
            self.file_size = facts.size
            self.content_type = facts.content_type
            self.sha256 = facts.sha256
            self.page_count = facts.page_count

    @property
    def section(self) -> str:
        return self.SECTIONS[self.kind]

    @property
    def public_url(self) -> str:
        """Where a visitor gets the document; empty if it is not digitally available."""
        if self.file:
            return reverse(
                "toolbox:download",
                kwargs={"programme_slug": self.programme.slug, "key": self.key},
            )
        return self.external_url

    @property
    def is_digitally_available(self) -> bool:
        return bool(self.file or self.external_url)

    @property
    def format_label(self) -> str:
        """A short name of the file's format for visitors, such as PDF or DOCX."""
        return FORMAT_LABELS.get(self.content_type) or self.content_type.rpartition("/")[2].upper()

    @property
    def download_name(self) -> str:
        suffix = PurePath(self.file.name).suffix if self.file else ""
        return f"{slugify(self.title)[:100] or self.key}{suffix}"
