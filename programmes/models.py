import uuid
from pathlib import PurePath

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from publishing.models import (
    OrderedChild,
    OrderedChildQuerySet,
    Publication,
    PublicationManager,
    PublicationQuerySet,
    unique_position,
)
from publishing.search import search
from website import images
from website.richtext import RichTextField

# The ministry's earliest predecessor, the Batavian Republic's department of internal affairs,
# dates from 1798; no BZK programme can start before it.
EARLIEST_YEAR = 1798
LATEST_YEAR = 2200

# What a programme page shows besides the programme itself.
PAGE_PARTS = ("objectives", "planned_results", "achieved_results", "documents")


def programme_image_upload_path(programme: "Programme", filename: str) -> str:
    """A generated name, so that no uploaded name reaches the file system."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".webp", ".gif"}:
        suffix = ""
    return f"programmes/images/{uuid.uuid4().hex}{suffix}"


class ProgrammeQuerySet(PublicationQuerySet):
    def withdrawn(self) -> "ProgrammeQuerySet":
        """Programmes taken off the site for good; their addresses answer 410 Gone."""
        return self.filter(status=Programme.Status.WITHDRAWN)

    def moved_or_gone(self, slug: str) -> "Programme | None":
        """The programme a no longer current address leads to: withdrawn from it, or moved.

        Returns a withdrawn programme with this slug, or the public or withdrawn programme that
        had this slug before; drafts lead nowhere.
        """
        withdrawn = self.withdrawn().filter(slug=slug).first()
        if withdrawn is not None:
            return withdrawn
        visible = self.published() | self.withdrawn()
        return visible.filter(former_slugs__slug=slug).first()

    def overlapping(self, start: int | None = None, end: int | None = None) -> "ProgrammeQuerySet":
        """Programmes whose period shares at least one year with ``start``–``end``."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(end_year__gte=start)
        if end is not None:
            queryset = queryset.filter(start_year__lte=end)
        return queryset

    def matching(self, query: str) -> "ProgrammeQuerySet":
        """Full-text search (publishing/search.py), annotated with ``rank``."""
        return search(self, query)

    def decades(self) -> list[int]:
        """The first years of the decades these programmes' periods cover, newest first."""
        span = self.aggregate(first=models.Min("start_year"), last=models.Max("end_year"))
        if span["first"] is None:
            return []
        return list(range(span["last"] // 10 * 10, span["first"] // 10 * 10 - 1, -10))

    def in_title_order(self) -> "ProgrammeQuerySet":
        """Alphabetical by the title visitors read (English falls back to Dutch)."""
        language = get_language() or "nl"
        if language == "nl":
            return self.order_by("title_nl", "pk")
        return self.order_by(Coalesce(f"title_{language}", "title_nl"), "pk")

    def with_page_content(self) -> "ProgrammeQuerySet":
        """Everything the programme page shows, in a fixed number of queries.

        Whether a programme has themes is read with it, so that its themes cost a query only
        when there are some (``page_themes``).
        """
        filed = Programme.themes.through.objects.filter(programme=models.OuterRef("pk"))
        return self.prefetch_related(*PAGE_PARTS).annotate(has_themes=models.Exists(filed))

    def get_by_natural_key(self, slug: str) -> "Programme":
        return self.get(slug=slug)


class Programme(Publication):
    """A completed policy programme of the ministry, as the archive presents it."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The last part of the page's web address. Keep it stable once published."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=500,
        help_text=_("One or two sentences for lists of programmes."),
    )
    introduction = RichTextField(_("introduction"))
    objectives_introduction = models.CharField(
        _("introduction to the objectives"),
        max_length=300,
        blank=True,
        help_text=_("The sentence that leads into the numbered objectives."),
    )
    bzk_portfolio_connection = RichTextField(
        _("connection to the BZK portfolio"),
        blank=True,
        help_text=_("How the programme related to the ministry's other tasks."),
    )
    image = models.ImageField(
        _("image"),
        upload_to=programme_image_upload_path,
        width_field="image_width",
        height_field="image_height",
        blank=True,
    )
    image_width = models.PositiveIntegerField(null=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, editable=False)
    image_is_decorative = models.BooleanField(
        _("the image is decorative"),
        default=False,
        help_text=_(
            "Only for an image that adds nothing to the text: screen readers then skip it. "
            "Otherwise describe it below."
        ),
    )
    image_alt_text = models.CharField(
        _("alternative text of the image"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for visitors who cannot see it."),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    intended_effect = RichTextField(
        _("intended effect"),
        blank=True,
        help_text=_("The effect the programme aimed for; shown after the planned results."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)],
    )
    responsible_unit = models.CharField(
        _("responsible unit"),
        max_length=200,
        blank=True,
        help_text=_("For example the directorate that ran the programme, where known."),
    )
    provenance = RichTextField(
        _("provenance"),
        blank=True,
        help_text=_(
            "Verantwoording: where this page's content comes from, and what the archive added "
            "to the original (e.g. a period read from the dates the text names). Shown at the "
            "end of the page."
        ),
    )
    themes = models.ManyToManyField(
        "themes.Theme", blank=True, related_name="programmes", verbose_name=_("themes")
    )
    review_date = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("When an editor should check this programme's page again."),
    )
    # Derived from everything the page shows, for search; kept by programmes.search.
    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # Derived from its documents, for the index's facets (kind of document, availability), so
    # that counting them over thousands of results reads no document; kept by
    # programmes.search with the search columns. Null: not yet derived (none).
    document_kind_bits = models.IntegerField(null=True, editable=False)
    has_digital_documents = models.BooleanField(null=True, editable=False)

    objects = PublicationManager.from_queryset(ProgrammeQuerySet)()
    with_drafts = models.Manager.from_queryset(ProgrammeQuerySet)()

    class Meta(Publication.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title"]
        constraints = [
            *Publication.Meta.constraints,
            # A draft copy shares the address of the programme it will replace.
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(draft_of__isnull=True),
                name="programme_unique_slug",
                violation_error_code="unique",
                violation_error_message=_("A programme with this slug already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(start_year__lte=models.F("end_year")),
                name="programme_period_starts_before_it_ends",
                violation_error_message=_("The start year cannot be after the end year."),
            ),
            models.CheckConstraint(
                condition=models.Q(start_year__gte=EARLIEST_YEAR),
                name="programme_starts_after_the_ministry_began",
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="programme_slug_is_not_empty"
            ),
        ]
        permissions = [
            ("publish_programme", _("Can publish, unpublish and withdraw programmes")),
        ]
        # The index in title order (``in_title_order``) reads a page of programmes along these
        # instead of sorting every programme's title.
        indexes = [
            *getattr(Publication.Meta, "indexes", []),
            models.Index(fields=["title_nl", "id"], name="programme_title_order_nl"),
            models.Index(Coalesce("title_en", "title_nl"), "id", name="programme_title_order_en"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.image and not self.image._committed:
            # A new upload is stored as Pillow saves it again: upright, without metadata.
            self.image = images.reencoded(self.image.file)
        loaded_slug = getattr(self, "_loaded_slug", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if loaded_slug and loaded_slug != self.slug and not self.is_draft_copy:
                # The old address keeps working: it now redirects here. (A draft's new address
                # is the published programme's once the draft is published.)
                FormerSlug.objects.filter(programme=self, slug=self.slug).delete()
                FormerSlug.objects.update_or_create(slug=loaded_slug, defaults={"programme": self})
        self._loaded_slug = self.slug

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        programme = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        programme._loaded_slug = programme.__dict__.get("slug")
        return programme

    def clean(self) -> None:
        errors = {}
        former = FormerSlug.objects.filter(slug=self.slug)
        if self.pk:
            former = former.exclude(programme_id=self.pk)
        if self.slug and former.exists():
            errors["slug"] = _(
                "This address belonged to another programme before and still leads there."
            )
        if self.start_year and self.end_year and self.start_year > self.end_year:
            errors["end_year"] = _("The end year cannot be before the start year.")
        if self.image and not self.image._committed:
            try:
                images.inspect(self.image)
            except ValidationError as error:
                errors["image"] = error.messages
        if self.image and not self.image_is_decorative and not self.image_alt_text:
            # Named by its Dutch field: that is what forms (and archive bundles) have.
            errors["image_alt_text_nl"] = _("Describe the image for visitors who cannot see it.")
        if errors:
            raise ValidationError(errors)

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    # The page places documents in three sections; these read the prefetched documents.
    @property
    def plan_documents(self) -> list:
        return self._documents_in_section("plans")

    @property
    def toolbox_documents(self) -> list:
        return self._documents_in_section("toolbox")

    @property
    def other_documents(self) -> list:
        return self._documents_in_section("other")

    def _documents_in_section(self, section: str) -> list:
        return [document for document in self.documents.all() if document.section == section]

    # The facts panel's counts, from the same prefetched documents: no query per document.
    @property
    def document_count(self) -> int:
        return len(self.documents.all())

    @property
    def digital_document_count(self) -> int:
        """Documents visitors can get: a file here or an address elsewhere."""
        return sum(1 for document in self.documents.all() if document.is_digitally_available)

    @cached_property
    def page_themes(self) -> list:
        """The programme's themes, read once for the page and its JSON-LD; no query when
        ``with_page_content()`` found it has none."""
        if not getattr(self, "has_themes", True):
            return []
        return list(self.themes.all())


class FormerSlug(models.Model):
    """An address a programme had before its slug changed; it redirects to the programme."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("programme"),
    )
    slug = models.SlugField(_("former slug"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.slug


class Objective(OrderedChild):
    """One of the programme's numbered objectives, e.g. "Inzicht: ..."."""

    parent_field = "programme"
    parent_model = "programmes.programme"

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("A short name, e.g. Insight."))
    description = models.TextField(_("description"))

    objects = OrderedChildQuerySet.as_manager()

    class Meta(OrderedChild.Meta):
        constraints = [*OrderedChild.Meta.constraints, unique_position("programme")]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.name


class PlannedResult(OrderedChild):
    """One result the programme planned to deliver."""

    parent_field = "programme"
    parent_model = "programmes.programme"

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="planned_results",
        verbose_name=_("programme"),
    )
    text = models.TextField(_("text"))

    objects = OrderedChildQuerySet.as_manager()

    class Meta(OrderedChild.Meta):
        constraints = [*OrderedChild.Meta.constraints, unique_position("programme")]
        verbose_name = _("planned result")
        verbose_name_plural = _("planned results")

    def __str__(self) -> str:
        return self.text[:80]


class AchievedResult(OrderedChild):
    """One passage of the account of what the programme achieved."""

    parent_field = "programme"
    parent_model = "programmes.programme"

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="achieved_results",
        verbose_name=_("programme"),
    )
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"))

    objects = OrderedChildQuerySet.as_manager()

    class Meta(OrderedChild.Meta):
        constraints = [*OrderedChild.Meta.constraints, unique_position("programme")]
        verbose_name = _("achieved result")
        verbose_name_plural = _("achieved results")

    def __str__(self) -> str:
        return self.heading or self.text[:80]


class ProgrammeRendering(models.Model):
    """The programme's page as visitors see it in one language, rendered once when it changed
    (programmes/rendering.py), so that a page no cache holds is a lookup and a small template.

    Only the parts that depend on the programme alone: the site's introduction, the visitor's
    consent banner and everything else around them are put in on each request. ``stamp`` says
    what it was made from (the code, the site's address, the programme's last change); a page
    whose stamp is not current is rendered afresh, never served.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="renderings", editable=False
    )
    language = models.CharField(max_length=8, editable=False)
    origin = models.CharField(max_length=300, editable=False)
    stamp = models.CharField(max_length=400, editable=False)
    # The page's template blocks by name (rendering.pack): HTML safe to place as it is.
    parts = models.TextField(editable=False)

    class Meta:
        verbose_name = _("stored programme page")
        verbose_name_plural = _("stored programme pages")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "language"], name="programme_rendering_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} ({self.language})"
