import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Coalesce
from django.db.transaction import TransactionManagementError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bzkmemory.richtext import RichTextField
from programmes import images

# The ministry's earliest predecessor, the Batavian Republic's department of internal affairs,
# dates from 1798; no BZK programme can start before it.
EARLIEST_YEAR = 1798
LATEST_YEAR = 2200

# What a programme page shows besides the programme itself.
PAGE_PARTS = ("objectives", "planned_results", "achieved_results", "documents")

# Positions editors can type; anything above is room for reordering (see OrderedChildFormSet).
MAX_POSITION = 9999


def programme_image_upload_path(programme: "Programme", filename: str) -> str:
    """A generated name, so that no uploaded name reaches the file system."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".webp", ".gif"}:
        suffix = ""
    return f"programmes/images/{uuid.uuid4().hex}{suffix}"


class PublicationQuerySet(models.QuerySet):
    def published(self, *, at: datetime | None = None) -> "PublicationQuerySet":
        """What visitors may see: published, with a publication time that has come."""
        return self.filter(
            status=PublicationStatus.PUBLISHED, published_at__lte=at or timezone.now()
        )

    # Bulk writes send no signals: they count as a change to the archive here, so that cached
    # pages never outlive them (programmes/freshness.py).
    def update(self, **kwargs) -> int:
        updated = super().update(**kwargs)
        if updated:
            ArchiveRevision.objects.record_change()
        return updated

    def bulk_create(self, *args, **kwargs) -> list:
        created = super().bulk_create(*args, **kwargs)
        if created:
            ArchiveRevision.objects.record_change()
        return created

    def bulk_update(self, *args, **kwargs) -> int:
        updated = super().bulk_update(*args, **kwargs)
        if updated:
            ArchiveRevision.objects.record_change()
        return updated


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
        """Full-text search; see programmes.search."""
        from programmes.search import search

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
        return self.order_by(Coalesce(f"title_{language}", "title_nl"), "pk")

    def with_page_content(self) -> "ProgrammeQuerySet":
        """Everything the programme page shows, in a fixed number of queries."""
        return self.prefetch_related(*PAGE_PARTS)

    def get_by_natural_key(self, slug: str) -> "Programme":
        return self.get(slug=slug)


# Inside one_archive_change(): whether a change was made that is still to be recorded.
_collapsed: ContextVar[list[bool] | None] = ContextVar("one_archive_change", default=None)


@contextmanager
def one_archive_change() -> Iterator[None]:
    """Record the writes of this block as one change, when the block ends.

    For bulk writes such as an archive import, which writes dozens of rows per programme: one
    update of the revision row instead of one per row. Use it inside the transaction.
    """
    if _collapsed.get() is not None:  # already collapsing: the outer block records
        yield
        return
    pending = [False]
    token = _collapsed.set(pending)
    try:
        yield
    except BaseException:
        _collapsed.reset(token)
        if pending[0]:
            # Usually the transaction is rolled back anyway; if the caller keeps the writes made
            # so far, they must still be counted. A broken transaction refuses this: fine.
            with suppress(DatabaseError, TransactionManagementError):
                ArchiveRevision.objects.record_change()
        raise
    _collapsed.reset(token)
    if pending[0]:
        ArchiveRevision.objects.record_change()


class ArchiveRevisionQuerySet(models.QuerySet):
    def record_change(self) -> None:
        """Counts one change to the programmes, in the caller's transaction (so a change that
        is rolled back is not counted, and one that is committed cannot go uncounted)."""
        pending = _collapsed.get()
        if pending is not None:
            pending[0] = True
            return
        now = timezone.now()
        changed = self.filter(pk=ArchiveRevision.SINGLETON_PK).update(
            number=models.F("number") + 1, changed_at=now
        )
        if not changed:
            self.get_or_create(
                pk=ArchiveRevision.SINGLETON_PK, defaults={"number": 1, "changed_at": now}
            )


class ArchiveRevision(models.Model):
    """How often and when the programmes last changed: one row.

    The home page and the index (with its searches) show many programmes; checking whether a
    cached copy is still current must not mean reading all of them. Every write to programmes
    bumps this row in its own transaction: saves and deletions through signals
    (programmes/signals.py), bulk writes through ProgrammeQuerySet. Read by
    programmes/freshness.py.
    """

    SINGLETON_PK = 1

    number = models.PositiveBigIntegerField(_("number of changes"), default=0)
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now)

    objects = ArchiveRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("archive revision")
        verbose_name_plural = _("archive revisions")

    def __str__(self) -> str:
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Publication(models.Model):
    """Draft, published (from a time that may lie ahead) or withdrawn, with who and when: the
    workflow programmes and exhibitions share (programmes/services.py)."""

    Status = PublicationStatus

    status = models.CharField(
        _("publication status"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    # Optimistic locking: every save raises it, and an editor's form must carry the current one
    # (programmes/publication_admin.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
        # Named after each model ("programme_status_is_known", "exhibition_public_idx", ...).
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="%(class)s_status_is_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_%(class)s_has_publication_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | models.Q(withdrawn_at__isnull=False),
                name="withdrawn_%(class)s_has_withdrawal_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="%(class)s_public_idx")]

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Programme(Publication):
    """A completed policy programme of the ministry, as the archive presents it."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
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
    review_date = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("When an editor should check this programme's page again."),
    )
    # Derived from everything the page shows, for search; kept by programmes.search.
    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProgrammeQuerySet.as_manager()

    class Meta(Publication.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title"]
        constraints = [
            *Publication.Meta.constraints,
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

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.image and not self.image._committed:
            # A new upload is stored as Pillow saves it again: upright, without metadata.
            self.image = images.reencoded(self.image.file)
        loaded_slug = getattr(self, "_loaded_slug", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if loaded_slug and loaded_slug != self.slug:
                # The old address keeps working: it now redirects here.
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
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

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


class OrderedChildQuerySet(models.QuerySet):
    def get_by_natural_key(self, position: int, programme_slug: str) -> models.Model:
        return self.get(position=position, programme__slug=programme_slug)


class OrderedChild(models.Model):
    """A part of a programme page that editors put in order (objectives, results, documents)."""

    position = models.PositiveIntegerField(
        _("position"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_POSITION)],
        help_text=_("Order on the page: 1 comes first."),
    )

    class Meta:
        abstract = True
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "position"],
                name="%(app_label)s_%(class)s_unique_position",
                violation_error_message=_("Each position can be used only once per programme."),
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1),
                name="%(app_label)s_%(class)s_position_from_one",
            ),
        ]

    def natural_key(self) -> tuple:
        return (self.position, *self.programme.natural_key())

    natural_key.dependencies = ["programmes.programme"]


class Objective(OrderedChild):
    """One of the programme's numbered objectives, e.g. "Inzicht: ..."."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("A short name, e.g. Insight."))
    description = models.TextField(_("description"))

    objects = OrderedChildQuerySet.as_manager()

    class Meta(OrderedChild.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.name


class PlannedResult(OrderedChild):
    """One result the programme planned to deliver."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="planned_results",
        verbose_name=_("programme"),
    )
    text = models.TextField(_("text"))

    objects = OrderedChildQuerySet.as_manager()

    class Meta(OrderedChild.Meta):
        verbose_name = _("planned result")
        verbose_name_plural = _("planned results")

    def __str__(self) -> str:
        return self.text[:80]


class AchievedResult(OrderedChild):
    """One passage of the account of what the programme achieved."""

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
        verbose_name = _("achieved result")
        verbose_name_plural = _("achieved results")

    def __str__(self) -> str:
        return self.heading or self.text[:80]


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
