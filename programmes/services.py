"""Writes with side effects on programmes. Each validates the whole programme before saving,
records who did it (on the programme and in the audit log) and keeps a version in the history."""

from datetime import datetime

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bzkmemory import audit
from bzkmemory.models import AuditEvent
from programmes.models import Programme


def _versioned(programme: Programme, user, comment: str, fields: list[str]) -> None:
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        programme.full_clean()
        programme.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def programme_publish(
    *, programme: Programme, at: datetime | None = None, user=None, request=None
) -> Programme:
    """Make a programme public from ``at`` (default: now; a future time schedules it).

    Publishing an already published programme keeps its original publication time unless
    ``at`` is given.
    """
    if at is None:
        already_public = programme.status == Programme.Status.PUBLISHED
        at = programme.published_at if already_public and programme.published_at else timezone.now()
    programme.status = Programme.Status.PUBLISHED
    programme.published_at = at
    programme.published_by = user if user is not None and user.is_authenticated else None
    programme.withdrawn_at = None
    programme.withdrawn_by = None
    comment = _("Published from %(moment)s") % {
        "moment": f"{timezone.localtime(at):%Y-%m-%d %H:%M}"
    }
    _versioned(
        programme,
        user,
        comment,
        ["status", "published_at", "published_by", "withdrawn_at", "withdrawn_by"],
    )
    audit.record(
        AuditEvent.Action.PUBLISHED, user=user, obj=programme, detail=comment, request=request
    )
    return programme


@transaction.atomic
def programme_unpublish(*, programme: Programme, user=None, request=None) -> Programme:
    """Take a programme off the public site for now; it stays in the admin as a draft.

    Its address answers 404 Not Found until it is published again. To remove a programme from
    the archive for good, withdraw it.
    """
    programme.status = Programme.Status.DRAFT
    programme.published_at = None
    programme.published_by = None
    programme.withdrawn_at = None
    programme.withdrawn_by = None
    _versioned(
        programme,
        user,
        _("Unpublished"),
        ["status", "published_at", "published_by", "withdrawn_at", "withdrawn_by"],
    )
    audit.record(AuditEvent.Action.UNPUBLISHED, user=user, obj=programme, request=request)
    return programme


@transaction.atomic
def programme_withdraw(*, programme: Programme, user=None, request=None) -> Programme:
    """Withdraw a programme from the archive: its address answers 410 Gone with a short notice.

    Only a programme that was published can be withdrawn; a draft is simply not published.
    """
    if programme.status != Programme.Status.PUBLISHED:
        raise ValidationError(_("Only a published programme can be withdrawn."))
    programme.status = Programme.Status.WITHDRAWN
    programme.withdrawn_at = timezone.now()
    programme.withdrawn_by = user if user is not None and user.is_authenticated else None
    _versioned(programme, user, _("Withdrawn"), ["status", "withdrawn_at", "withdrawn_by"])
    audit.record(AuditEvent.Action.WITHDRAWN, user=user, obj=programme, request=request)
    return programme
