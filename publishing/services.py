"""Writes with side effects on programmes and exhibitions, which follow the same workflow.

Publishing, unpublishing, withdrawing and renaming validate the whole item before saving,
record who did it (on the item and in the audit log) and keep a version in the history. Every
service is a publication change (publishing/events.py): apps that keep a record of what was
published (OAI-PMH's deleted records) hear of it in the same transaction.
"""

from datetime import datetime

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from publishing.events import publication_change
from publishing.models import Publication, PublicationStatus
from website import audit
from website.models import AuditEvent


def _versioned(item: Publication, user, comment: str, fields: list[str]) -> None:
    with publication_change(item), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        item.full_clean()
        item.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def publish(
    *, item: Publication, at: datetime | None = None, user=None, request=None
) -> Publication:
    """Make a programme or exhibition public from ``at`` (default: now; a future time schedules it).

    Publishing an already published programme keeps its original publication time unless
    ``at`` is given.
    """
    if at is None:
        already_public = item.status == PublicationStatus.PUBLISHED
        at = item.published_at if already_public and item.published_at else timezone.now()
    item.status = PublicationStatus.PUBLISHED
    item.published_at = at
    item.published_by = user if user is not None and user.is_authenticated else None
    item.withdrawn_at = None
    item.withdrawn_by = None
    comment = _("Published from %(moment)s") % {
        "moment": f"{timezone.localtime(at):%Y-%m-%d %H:%M}"
    }
    _versioned(
        item,
        user,
        comment,
        ["status", "published_at", "published_by", "withdrawn_at", "withdrawn_by"],
    )
    audit.record(AuditEvent.Action.PUBLISHED, user=user, obj=item, detail=comment, request=request)
    return item


@transaction.atomic
def unpublish(*, item: Publication, user=None, request=None) -> Publication:
    """Take a programme off the public site for now; it stays in the admin as a draft.

    Its address answers 404 Not Found until it is published again. To remove a programme from
    the archive for good, withdraw it.
    """
    item.status = PublicationStatus.DRAFT
    item.published_at = None
    item.published_by = None
    item.withdrawn_at = None
    item.withdrawn_by = None
    _versioned(
        item,
        user,
        _("Unpublished"),
        ["status", "published_at", "published_by", "withdrawn_at", "withdrawn_by"],
    )
    audit.record(AuditEvent.Action.UNPUBLISHED, user=user, obj=item, request=request)
    return item


@transaction.atomic
def withdraw(*, item: Publication, user=None, request=None) -> Publication:
    """Withdraw a programme from the archive: its address answers 410 Gone with a short notice.

    Only a programme that was published can be withdrawn; a draft is simply not published.
    """
    if item.status != PublicationStatus.PUBLISHED:
        raise ValidationError(
            _("Only a published %(kind)s can be withdrawn.") % {"kind": item._meta.verbose_name}
        )
    item.status = PublicationStatus.WITHDRAWN
    item.withdrawn_at = timezone.now()
    item.withdrawn_by = user if user is not None and user.is_authenticated else None
    _versioned(item, user, _("Withdrawn"), ["status", "withdrawn_at", "withdrawn_by"])
    audit.record(AuditEvent.Action.WITHDRAWN, user=user, obj=item, request=request)
    return item


@transaction.atomic
def rename(*, item: Publication, slug: str, user=None, request=None) -> Publication:
    """Give a programme or exhibition a new address (slug).

    A programme's old address keeps leading to it (a former slug); harvesters are told that the
    record under the old identifier is gone.
    """
    old = item.slug
    item.slug = slug
    comment = _("Address changed from %(old)s to %(new)s") % {"old": old, "new": slug}
    _versioned(item, user, comment, ["slug"])
    audit.record(AuditEvent.Action.CHANGED, user=user, obj=item, detail=comment, request=request)
    return item


@transaction.atomic
def delete(*, item: Publication) -> None:
    """Delete a programme or exhibition with everything that belongs to it.

    Harvesters are told that its records are gone. The admin's own log of the deletion reaches
    the audit log (website/audit.py).
    """
    with publication_change(item):
        item.delete()
