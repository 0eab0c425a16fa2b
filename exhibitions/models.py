"""Exhibitions ("tentoonstellingen"): the history of a BZK subject told as a timeline of dated
items (texts, reports, photos, films, interviews), introduced by a curator."""

import datetime
import uuid
from pathlib import PurePath

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from programmes.models import EARLIEST_YEAR, Programme
from publishing.models import Publication, PublicationManager, PublicationQuerySet
from publishing.search import search
from toolbox.models import ToolboxDocument
from website import images
from website.richtext import RichTextField


def _generated_name(folder: str, filename: str) -> str:
    """A generated name, so that no uploaded name reaches the file system."""
    suffix = PurePath(filename).suffix.lower()
    if not (suffix[1:].isascii() and suffix[1:].isalnum() and len(suffix) <= 6):
        suffix = ""
    return f"exhibitions/{folder}/{uuid.uuid4().hex}{suffix}"


def image_upload_path(item: "TimelineItem", filename: str) -> str:
    return _generated_name("images", filename)


def video_upload_path(item: "TimelineItem", filename: str) -> str:
    return _generated_name("videos", filename)


def captions_upload_path(item: "TimelineItem", filename: str) -> str:
    return _generated_name("captions", filename)


def video_type(upload) -> str | None:
    """The video's media type by its first bytes (MP4 or WebM), or None."""
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "video/webm"
    return None


def captions_are_webvtt(upload) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


class Curator(models.Model):
    """Who introduces an exhibition: often a former minister or top civil servant."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=300, help_text=_("E.g. former Minister of the Interior.")
    )

    class Meta:
        verbose_name = _("curator")
        verbose_name_plural = _("curators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExhibitionQuerySet(PublicationQuerySet):
    def matching(self, query: str) -> "ExhibitionQuerySet":
        """Full-text search, as for programmes (publishing/search.py), annotated with ``rank``."""
        return search(self, query)

    def with_period(self) -> "ExhibitionQuerySet":
        """Annotated with ``first_year`` and ``last_year``: the years its timeline spans."""
        return self.annotate(
            first_year=ExtractYear(models.Min("items__date")),
            last_year=ExtractYear(models.Max(Coalesce("items__end_date", "items__date"))),
        )

    def decades(self) -> list[int]:
        """The first years of the decades these exhibitions' timelines cover, newest first."""
        span = self.aggregate(
            first=models.Min("items__date"),
            last=models.Max(Coalesce("items__end_date", "items__date")),
        )
        if span["first"] is None:
            return []
        return list(range(span["last"].year // 10 * 10, span["first"].year // 10 * 10 - 1, -10))

    def overlapping(self, start: int | None = None, end: int | None = None) -> "ExhibitionQuerySet":
        """Exhibitions whose timeline shares at least one year with ``start``–``end``."""
        queryset = self.with_period()
        if start is not None:
            queryset = queryset.filter(last_year__gte=start)
        if end is not None:
            queryset = queryset.filter(first_year__lte=end)
        return queryset

    def with_page_content(self) -> "ExhibitionQuerySet":
        """Everything the exhibition page shows, in a fixed number of queries."""
        return self.select_related("curator", "opening_item").prefetch_related(
            models.Prefetch(
                "items",
                queryset=TimelineItem.objects.select_related("document__programme"),
            ),
            models.Prefetch("related_programmes", queryset=Programme.objects.published()),
            "themes",
        )


class Exhibition(Publication):
    """An exhibition on the history of a BZK subject, e.g. local democracy after 1945."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    curator = models.ForeignKey(
        Curator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibitions",
        verbose_name=_("curator"),
    )
    teaser = models.TextField(
        _("teaser"),
        max_length=1000,
        help_text=_("The opening lines of the curator's introduction, shown on the exhibition."),
    )
    curator_introduction = RichTextField(
        _("curator's introduction"), help_text=_("The full introduction, on its own page.")
    )
    reading_guide = RichTextField(
        _("reading guide"), blank=True, help_text=_("How the timeline is organised.")
    )
    opening_item = models.ForeignKey(
        "TimelineItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opening item"),
        help_text=_("An item of this exhibition's timeline shown first, e.g. a film."),
    )
    related_programmes = models.ManyToManyField(
        Programme, blank=True, related_name="exhibitions", verbose_name=_("related programmes")
    )
    themes = models.ManyToManyField(
        "themes.Theme", blank=True, related_name="exhibitions", verbose_name=_("themes")
    )
    # Derived from everything the exhibition shows, for search; kept by exhibitions.search.
    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublicationManager.from_queryset(ExhibitionQuerySet)()
    with_drafts = models.Manager.from_queryset(ExhibitionQuerySet)()

    class Meta(Publication.Meta):
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["title"]
        constraints = [
            *Publication.Meta.constraints,
            # A draft copy shares the address of the exhibition it will replace.
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(draft_of__isnull=True),
                name="exhibition_unique_slug",
                violation_error_code="unique",
                violation_error_message=_("An exhibition with this slug already exists."),
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="exhibition_slug_is_not_empty"
            ),
        ]
        permissions = [
            ("publish_exhibition", _("Can publish, unpublish and withdraw exhibitions")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exhibitions:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.opening_item_id and self.pk and self.opening_item.exhibition_id != self.pk:
            raise ValidationError(
                {"opening_item": _("The opening item must be an item of this exhibition.")}
            )

    def decades(self) -> list[int]:
        """The decades the timeline covers, in order (reads the prefetched items)."""
        return sorted({item.decade for item in self.items.all()})


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")

    def isoformat(self, value: datetime.date) -> str:
        """ISO 8601 as precise as the editor said the date is: 1982, 1982-04 or 1982-04-15."""
        if self == DatePrecision.YEAR:
            return f"{value.year:04d}"
        if self == DatePrecision.MONTH:
            return f"{value.year:04d}-{value.month:02d}"
        return value.isoformat()


class TimelineItem(models.Model):
    """One dated item of an exhibition's timeline."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        REPORT = "report", _("report")
        PHOTO = "photo", _("photo")
        FILM = "film", _("film")
        INTERVIEW = "interview", _("interview")

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="items", verbose_name=_("exhibition")
    )
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("The item's own web address within the exhibition.")
    )
    date = models.DateField(
        _("date"), help_text=_("When it happened; for a period, when the period began.")
    )
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Show only the year, the month or the whole date."),
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Only for a period.")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = RichTextField(_("text"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to=image_upload_path,
        width_field="image_width",
        height_field="image_height",
        blank=True,
    )
    image_width = models.PositiveIntegerField(null=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, editable=False)
    image_is_decorative = models.BooleanField(_("the image is decorative"), default=False)
    image_alt_text = models.CharField(
        _("alternative text of the image"), max_length=300, blank=True
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    document = models.ForeignKey(
        ToolboxDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timeline_items",
        verbose_name=_("document"),
    )
    video = models.FileField(_("video (MP4 or WebM)"), upload_to=video_upload_path, blank=True)
    captions = models.FileField(_("captions (WebVTT)"), upload_to=captions_upload_path, blank=True)
    transcript = RichTextField(_("transcript"), blank=True)

    # In a draft copy of an exhibition: the item it was copied from (publishing/drafts.py).
    draft_source = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        verbose_name = _("timeline item")
        verbose_name_plural = _("timeline items")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "slug"],
                name="timeline_item_unique_slug",
                violation_error_message=_("Each item needs its own address in the exhibition."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("date")),
                name="timeline_item_period_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the date."),
            ),
            models.CheckConstraint(
                condition=models.Q(date__gte=datetime.date(EARLIEST_YEAR, 1, 1)),
                name="timeline_item_after_the_ministry_began",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["text", "report", "photo", "film", "interview"]),
                name="timeline_item_kind_is_known",
            ),
            # WCAG 1.2.2 and 1.2.3: a video is never shown without captions and a transcript.
            models.CheckConstraint(
                condition=models.Q(video="")
                | (~models.Q(captions_nl="") & ~models.Q(transcript_nl="")),
                name="timeline_item_video_has_captions_and_transcript",
                violation_error_message=_("A video needs captions and a transcript."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exhibitions:item", kwargs={"slug": self.exhibition.slug, "item": self.slug})

    @property
    def decade(self) -> int:
        return self.date.year // 10 * 10

    def _shown(self, value: datetime.date) -> str:
        if self.date_precision == DatePrecision.YEAR:
            return str(value.year)
        if self.date_precision == DatePrecision.MONTH:
            return formats.date_format(value, "YEAR_MONTH_FORMAT")
        return formats.date_format(value, "DATE_FORMAT")

    @property
    def iso_period(self) -> str:
        """The date, or the period as start/end, in ISO 8601 as precise as entered."""
        precision = DatePrecision(self.date_precision)
        start = precision.isoformat(self.date)
        if self.end_date and self.end_date != self.date:
            return f"{start}/{precision.isoformat(self.end_date)}"
        return start

    @property
    def shown_date(self) -> str:
        """The date (or period) as precise as the editor said it is."""
        if self.end_date and self.end_date != self.date:
            return f"{self._shown(self.date)} – {self._shown(self.end_date)}"
        return self._shown(self.date)

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.date and self.end_date < self.date:
            errors["end_date"] = _("The end date cannot be before the date.")
        if self.image and not self.image._committed:
            try:
                images.inspect(self.image)
            except ValidationError as error:
                errors["image"] = error.messages
        if self.image and not self.image_is_decorative and not self.image_alt_text:
            errors["image_alt_text_nl"] = _("Describe the image for visitors who cannot see it.")
        if self.video and not self.video._committed and video_type(self.video) is None:
            errors["video"] = _("Upload the video as MP4 or WebM.")
        captions = getattr(self, "captions_nl", None) or self.captions
        if captions and not captions._committed and not captions_are_webvtt(captions):
            errors["captions_nl"] = _("Captions must be a WebVTT file (starting with WEBVTT).")
        if self.video and not (captions and (getattr(self, "transcript_nl", "") or "").strip()):
            errors["video"] = _("A video needs captions and a transcript (WCAG 1.2.2 and 1.2.3).")
        if errors:
            raise ValidationError(errors)


class ExhibitionRendering(models.Model):
    """The exhibition's page as visitors see it in one language, rendered when it changed
    (exhibitions/rendering.py), so that a page no cache holds is a lookup and a small template.

    An exhibition page shows much that is not the exhibition's own (its related programmes,
    the documents its items cite, its curator, its themes), so ``stamp`` holds the archive's
    change stamp it was rendered under (publishing/freshness.py ``listings``, which every write
    and every scheduled publication moves) with the code and the site's address: a page whose
    stamp is not current is rendered afresh, never served.
    """

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="renderings", editable=False
    )
    language = models.CharField(max_length=8, editable=False)
    origin = models.CharField(max_length=300, editable=False)
    stamp = models.CharField(max_length=400, editable=False)
    # The page's template blocks by name (rendering.pack): HTML safe to place as it is.
    parts = models.TextField(editable=False)

    class Meta:
        verbose_name = _("stored exhibition page")
        verbose_name_plural = _("stored exhibition pages")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "language"], name="exhibition_rendering_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exhibition_id} ({self.language})"
