"""Writes with side effects on programmes. Each validates the whole programme before saving."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Programme


@transaction.atomic
def programme_publish(*, programme: Programme, at: datetime | None = None) -> Programme:
    """Make a programme public from ``at`` (default: now; a future time schedules it).

    Publishing an already published programme keeps its original publication time unless
    ``at`` is given.
    """
    if at is None:
        already_public = programme.status == Programme.Status.PUBLISHED
        at = programme.published_at if already_public and programme.published_at else timezone.now()
    programme.status = Programme.Status.PUBLISHED
    programme.published_at = at
    programme.full_clean()
    programme.save(update_fields=["status", "published_at", "updated_at"])
    return programme


@transaction.atomic
def programme_unpublish(*, programme: Programme) -> Programme:
    """Take a programme off the public site for now; it stays in the admin as a draft.

    Its address answers 404 Not Found until it is published again. To remove a programme from
    the archive for good, withdraw it.
    """
    programme.status = Programme.Status.DRAFT
    programme.published_at = None
    programme.withdrawn_at = None
    programme.full_clean()
    programme.save(update_fields=["status", "published_at", "withdrawn_at", "updated_at"])
    return programme


@transaction.atomic
def programme_withdraw(*, programme: Programme) -> Programme:
    """Withdraw a programme from the archive: its address answers 410 Gone with a short notice.

    Only a programme that was published can be withdrawn; a draft is simply not published.
    """
    if programme.status != Programme.Status.PUBLISHED:
        raise ValidationError(_("Only a published programme can be withdrawn."))
    programme.status = Programme.Status.WITHDRAWN
    programme.withdrawn_at = timezone.now()
    programme.full_clean()
    programme.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return programme
