"""What every published kind of item shares: its publication status and the rule of what
visitors may see, the ordered parts editors put in order, and the archive's change counter that
cached pages are keyed on.

Programmes and exhibitions are Publications; objectives, results and documents are OrderedChild
parts. None of this knows which apps build on it.
"""

import operator
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DatabaseError, models
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Positions editors can type; anything above is room for reordering (see OrderedChildFormSet).
MAX_POSITION = 9999
# Far above any position an editor can type, so parked rows never meet real ones.
PARKING_OFFSET = (MAX_POSITION + 1) * 100


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


def public_q(prefix: str = "", *, at: datetime | None = None) -> models.Q:
    """The one rule of what visitors may see: published, with a publication time that has come.

    ``prefix`` applies it through a relation (``"programme__"``). Querysets filter with it,
    ``Publication.is_public`` evaluates it on an item in hand, and the freshness check
    (publishing/freshness.py) compiles it to SQL: change it here and all of them follow.
    """
    return models.Q(
        **{
            f"{prefix}status": PublicationStatus.PUBLISHED,
            f"{prefix}published_at__lte": at or timezone.now(),
        }
    )


def listed_q(*, at: datetime | None = None) -> models.Q:
    """Public now, or withdrawn: what harvesters are told about (a withdrawal as a deletion)."""
    return public_q(at=at) | models.Q(status=PublicationStatus.WITHDRAWN)


# The lookups a rule may use when it is evaluated on values in hand.
_LOOKUPS = {"exact": operator.eq, "lte": operator.le}


def satisfies(values: dict, condition: models.Q) -> bool:
    """Whether field values (``{"status": ..., "published_at": ...}``) meet a condition such as
    ``public_q()``: terms ``field`` and ``field__lte``, joined by AND or OR, maybe negated. An
    empty value meets no comparison."""
    results = []
    for term in condition.children:
        if isinstance(term, models.Q):
            results.append(satisfies(values, term))
            continue
        name, expected = term
        field, _sep, lookup = name.partition("__")
        if (lookup or "exact") not in _LOOKUPS:
            raise ValueError(f"{name}: only exact and lte lookups can be evaluated in Python.")
        actual = values.get(field)
        results.append(actual is not None and _LOOKUPS[lookup or "exact"](actual, expected))
    met = all(results) if condition.connector == models.Q.AND else any(results)
    return met != condition.negated


class ReviewState(models.TextChoices):
    """Where the text being edited stands in the four-eyes review (publishing/review.py)."""

    EDITING = "", _("being edited")
    SUBMITTED = "submitted", _("waiting for review")
    RETURNED = "returned", _("sent back")


class PublicationQuerySet(models.QuerySet):
    def published(self, *, at: datetime | None = None) -> "PublicationQuerySet":
        """What visitors may see (``public_q``)."""
        return self.filter(public_q(at=at))

    def listed(self, *, at: datetime | None = None) -> "PublicationQuerySet":
        """Public or withdrawn (``listed_q``)."""
        return self.filter(listed_q(at=at))

    # Bulk writes send no signals: they count as a change to the archive here, so that cached
    # pages never outlive them (publishing/freshness.py).
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


def _who(verbose_name: str) -> models.ForeignKey:
    """Who did something to an item: kept when the account goes (then empty), never edited."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class PublicationManager(models.Manager):
    """The items themselves, without the drafts of their next version (publishing/drafts.py):
    every query that does not ask for drafts by name, public or not, leaves them out. Related
    objects are reached through the base manager, which does see them."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(draft_of__isnull=True)


class Publication(models.Model):
    """Draft, published (from a time that may lie ahead) or withdrawn, with who and when: the
    workflow programmes and exhibitions share (publishing/services.py).

    An item that has a published version is not edited in place: editors change a draft copy
    beside it (``draft_of``), which replaces it when it is published (publishing/drafts.py).
    The review fields belong to whatever is being edited: the draft copy, or an item that was
    never published.
    """

    Status = PublicationStatus
    ReviewState = ReviewState

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
    published_by = _who(_("published by"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = _who(_("withdrawn by"))
    # Optimistic locking: every save raises it, and an editor's form must carry the current one
    # (publishing/forms.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    draft_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="draft",
        verbose_name=_("draft of"),
    )
    # When a draft of a published item replaces it by itself (publish_due_drafts).
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True, editable=False)
    last_edited_by = _who(_("last edited by"))
    review_state = models.CharField(
        _("review"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.EDITING,
        blank=True,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, editable=False)
    submitted_by = _who(_("submitted by"))
    review_note = models.TextField(_("note for the reviewer"), blank=True, editable=False)
    review_comment = models.TextField(_("reviewer's comment"), blank=True, editable=False)
    reviewed_by = _who(_("reviewed by"))

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
        indexes = [
            models.Index(fields=["status", "published_at"], name="%(class)s_public_idx"),
            models.Index(fields=["review_state", "submitted_at"], name="%(class)s_review_idx"),
        ]

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return satisfies({"status": self.status, "published_at": self.published_at}, public_q())

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PublicationStatus.WITHDRAWN

    @property
    def is_draft_copy(self) -> bool:
        return self.draft_of_id is not None

    @property
    def has_published_version(self) -> bool:
        """Published, now or from a set time: then changes go to a draft copy first."""
        return self.status == PublicationStatus.PUBLISHED and not self.is_draft_copy

    def live_item(self) -> "Publication":
        """The item itself, for a draft copy; otherwise this item."""
        return self.draft_of if self.is_draft_copy else self


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
        """Counts one change to what is published, in the caller's transaction (so a change
        that is rolled back is not counted, and one that is committed cannot go uncounted)."""
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
    """How often and when what is published last changed: one row.

    The home page and the index (with its searches) show many programmes and exhibitions;
    checking whether a cached copy is still current must not mean reading all of them. Every
    write to them bumps this row in its own transaction: saves and deletions through
    publishing/changes.py, bulk writes through PublicationQuerySet. Read by
    publishing/freshness.py.
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


class OrderedChildQuerySet(models.QuerySet):
    def get_by_natural_key(self, position: int, parent_slug: str) -> models.Model:
        return self.get(position=position, **{f"{self.model.parent_field}__slug": parent_slug})


class OrderedChild(models.Model):
    """A part of a page that editors put in order (a programme's objectives, results and
    documents).

    A concrete part names its parent's foreign key in ``parent_field`` and the parent's model
    label in ``parent_model`` (for the natural key), and adds ``unique_position(parent_field)``
    to its constraints.
    """

    parent_field: str
    parent_model: str

    position = models.PositiveIntegerField(
        _("position"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_POSITION)],
        help_text=_("Order on the page: 1 comes first."),
    )
    # In a draft copy: the part of the published item this one was copied from, which it
    # replaces when the draft is published (publishing/drafts.py).
    draft_source = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__gte=1),
                name="%(app_label)s_%(class)s_position_from_one",
            ),
        ]

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "parent_model" in cls.__dict__ and "natural_key" not in cls.__dict__:
            # dumpdata writes the parent before its parts: each part's own natural_key says so.
            def natural_key(self) -> tuple:
                return OrderedChild.natural_key(self)

            natural_key.dependencies = [cls.parent_model]
            cls.natural_key = natural_key

    def natural_key(self) -> tuple:
        return (self.position, *getattr(self, self.parent_field).natural_key())


def unique_position(parent_field: str) -> models.UniqueConstraint:
    """Each position once per parent (named after the part's model)."""
    return models.UniqueConstraint(
        fields=[parent_field, "position"],
        name="%(app_label)s_%(class)s_unique_position",
        violation_error_message=_("Each position can be used only once per programme."),
    )
