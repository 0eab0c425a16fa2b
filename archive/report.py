"""What an import does, and did: a plan per programme and exhibition, the report with its
problems and summary, and its record in the import log."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy

from archive.models import ArchiveImport
from archive.problems import Problem, _
from website import audit
from website.models import AuditEvent

PROGRAMME = "programme"
EXHIBITION = "exhibition"


@dataclass(slots=True)
class Plan:
    """What importing one programme or exhibition does: create, update or leave it unchanged."""

    slug: str
    document_path: str
    action: str
    removed: int = 0
    kind: str = PROGRAMME
    # A programme's document keys, which exhibitions in the same bundle may refer to.
    document_keys: frozenset[str] = frozenset()


@dataclass
class ImportReport:
    bundle_name: str
    dry_run: bool
    outcome: str = ""
    bundle_sha256: str = ""
    problems: list[Problem] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    seconds: float = 0.0
    record: ArchiveImport | None = None

    def count(self, action: str, kind: str | None = None) -> int:
        """How many programmes and exhibitions (or only those of ``kind``) get ``action``."""
        return sum(plan.action == action for plan in self._plans(kind))

    @property
    def removed(self) -> int:
        return self.removed_of()

    def removed_of(self, kind: str | None = None) -> int:
        return sum(plan.removed for plan in self._plans(kind))

    def _plans(self, kind: str | None) -> list[Plan]:
        return [plan for plan in self.plans if kind is None or plan.kind == kind]

    @property
    def succeeded(self) -> bool:
        return not self.problems and self.outcome != ArchiveImport.Outcome.FAILED

    def summary(self) -> str:
        text = self._programme_summary()
        if self._plans(EXHIBITION):
            text = f"{text} {self._exhibition_summary()}"
        return text

    def _counts(self, kind: str) -> dict:
        return {
            "created": self.count("create", kind),
            "updated": self.count("update", kind),
            "unchanged": self.count("unchanged", kind),
            "removed": self.removed_of(kind),
            "seconds": f"{self.seconds:.1f}",
        }

    def _exhibition_summary(self) -> str:
        counts = self._counts(EXHIBITION)
        if self.dry_run:
            return _(
                "Exhibitions that would be created: %(created)s, updated: %(updated)s, "
                "unchanged: %(unchanged)s; timeline items that would be removed: %(removed)s.",
                **counts,
            )
        return _(
            "Exhibitions created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s; "
            "timeline items removed: %(removed)s.",
            **counts,
        )

    def _programme_summary(self) -> str:
        counts = self._counts(PROGRAMME)
        if self.dry_run:
            return _(
                "Programmes that would be created: %(created)s, updated: %(updated)s, "
                "unchanged: %(unchanged)s; parts that would be removed: %(removed)s "
                "(%(seconds)s s).",
                **counts,
            )
        return _(
            "Programmes created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s; "
            "parts removed: %(removed)s (%(seconds)s s).",
            **counts,
        )


REPORT_LINES = 200


def record_import(report: ImportReport, started: datetime, user, source: str) -> ArchiveImport:
    """Keep the report as an ArchiveImport for archivists (and an import in the audit log)."""
    lines = [str(problem) for problem in report.problems[:REPORT_LINES]]
    if len(report.problems) > REPORT_LINES:
        lines.append(
            _("... and %(count)s more problems.", count=len(report.problems) - REPORT_LINES)
        )
    if not report.problems:
        lines = list(iter_plans(report))[:REPORT_LINES]
        lines.append(report.summary())
    # Names and JSON keys come from the bundle; no database column takes a NUL character.
    lines = [line.replace("\x00", "\\x00") for line in lines]
    record = ArchiveImport.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        source=source,
        bundle_name=report.bundle_name.replace("\x00", "")[:500],
        bundle_sha256=report.bundle_sha256,
        dry_run=report.dry_run,
        outcome=report.outcome,
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        removed=report.removed,
        report="\n".join(lines),
    )
    if not report.dry_run:
        audit.record(
            AuditEvent.Action.IMPORTED,
            user=user,
            obj=record,
            detail=f"{record.get_outcome_display()}: {report.summary()}",
        )
    return record


ACTIONS = {
    "create": gettext_lazy("create"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
}


def iter_plans(report: ImportReport) -> Iterator[str]:
    """One line per programme and exhibition: what the import does (or did) with it."""
    for plan in report.plans:
        action = ACTIONS[plan.action]
        slug = plan.slug
        if plan.kind == EXHIBITION:
            slug = _("exhibition %(slug)s", slug=slug)
        if plan.removed:
            yield _(
                "%(action)s  %(slug)s  (removes %(count)s parts)",
                action=action,
                slug=slug,
                count=plan.removed,
            )
        else:
            yield f"{action}  {slug}"
