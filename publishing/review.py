"""Four eyes before anything goes out: a Redacteur submits what they edited, an Eindredacteur
approves and publishes it, now or at a set time, or sends it back with a comment.

What is reviewed is the *work piece*: the draft copy of a published item (publishing/drafts.py),
or an item that was never published. Nobody publishes a work piece they edited last or submitted
themselves. Every step is in the audit log; submitting mails the Eindredacteuren.
"""

import contextlib
import logging
from datetime import datetime

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from publishing import drafts, services
from publishing.events import publication_change
from publishing.models import Publication, ReviewState
from website import audit
from website.models import AuditEvent
from website.public_urls import NoBaseURL, absolute_url

logger = logging.getLogger(__name__)


def publish_permission(model: type[Publication]) -> str:
    """The permission of those who review and publish this kind of item (Eindredacteur)."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def refusal(user, work: Publication) -> str | None:
    """Why ``user`` may not publish ``work``, or None when they may."""
    if not user.has_perm(publish_permission(type(work))):
        return _("Only an Eindredacteur can publish.")
    if user.pk is not None and user.pk in {work.last_edited_by_id, work.submitted_by_id}:
        return _("Someone else reviews and publishes what you changed or submitted (four eyes).")
    return None


def record_edit(work: Publication, user) -> None:
    """``user`` changed the work piece: they are its last editor, and an approval given to an
    earlier text (a scheduled publication) no longer holds."""
    work.last_edited_by = user if user is not None and user.is_authenticated else None
    fields = ["last_edited_by"]
    if work.scheduled_for is not None:
        work.scheduled_for = None
        fields.append("scheduled_for")
    type(work).with_drafts.filter(pk=work.pk).update(**{f: getattr(work, f) for f in fields})


@transaction.atomic
def submit(*, work: Publication, user, note: str = "", request: HttpRequest | None = None) -> None:
    """Ask the Eindredacteuren to review the work piece; ``note`` says what changed and why."""
    work.review_state = ReviewState.SUBMITTED
    work.submitted_by = user
    work.submitted_at = timezone.now()
    work.review_note = note.strip()
    work.review_comment = ""
    _save_review(work)
    audit.record(
        AuditEvent.Action.SUBMITTED,
        user=user,
        obj=work.live_item(),
        detail=work.review_note,
        request=request,
    )
    transaction.on_commit(lambda: _mail_reviewers(work, user, request))


@transaction.atomic
def send_back(*, work: Publication, user, comment: str, request: HttpRequest | None = None) -> None:
    """Return the work piece to its author with a comment that they see on the form."""
    if not user.has_perm(publish_permission(type(work))):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("Say what needs to change before sending it back."))
    work.review_state = ReviewState.RETURNED
    work.review_comment = comment.strip()
    work.reviewed_by = user
    work.scheduled_for = None
    _save_review(work)
    audit.record(
        AuditEvent.Action.RETURNED,
        user=user,
        obj=work.live_item(),
        detail=work.review_comment,
        request=request,
    )


def publish(
    *, work: Publication, user, at: datetime | None = None, request: HttpRequest | None = None
) -> Publication:
    """Approve and publish the work piece: now, or from ``at``.

    A draft of a published item replaces it (at ``at``, by publish_due_drafts); an item that
    was never published becomes public as before (publishing/services.py).
    """
    reason = refusal(user, work)
    if reason:
        raise ValidationError(reason)
    if not work.is_draft_copy:
        with transaction.atomic():
            item = services.publish(item=work, at=at, user=user, request=request)
            _clear_review(item, reviewer=user)
        return item
    if at is not None and at > timezone.now():
        return _schedule(work, user, at, request)
    return apply(work=work, user=user, request=request)


@transaction.atomic
def apply(*, work: Publication, user=None, request: HttpRequest | None = None) -> Publication:
    """Publish a draft copy: the published item takes its text, with a version in the history."""
    work.full_clean()
    live = work.draft_of
    submitted_by = work.submitted_by
    comment = _("Changes published")
    if submitted_by is not None:
        comment = _("Changes of %(author)s published") % {"author": _name(submitted_by)}
    with publication_change(live), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        live = drafts.apply_draft(work)
        live.full_clean()
        reversion.add_to_revision(live)
    audit.record(AuditEvent.Action.PUBLISHED, user=user, obj=live, detail=comment, request=request)
    return live


def _schedule(work: Publication, user, at: datetime, request) -> Publication:
    work.full_clean()
    work.scheduled_for = at
    work.reviewed_by = user
    _save_review(work)
    detail = _("Changes scheduled for %(moment)s") % {
        "moment": f"{timezone.localtime(at):%Y-%m-%d %H:%M}"
    }
    audit.record(
        AuditEvent.Action.PUBLISHED,
        user=user,
        obj=work.live_item(),
        detail=detail,
        request=request,
    )
    return work


@transaction.atomic
def discard(*, work: Publication, user, request: HttpRequest | None = None) -> Publication:
    """Throw away the draft of a published item; the published version stays."""
    live = drafts.discard_draft(work)
    audit.record(AuditEvent.Action.DISCARDED, user=user, obj=live, request=request)
    return live


def publish_due_drafts(models_: list[type[Publication]], *, now: datetime | None = None) -> int:
    """Publish every draft whose scheduled time has come; returns how many. Each in its own
    transaction: one that no longer validates stays a draft, and says why in the log."""
    now = now or timezone.now()
    done = 0
    for model in models_:
        due = model.with_drafts.filter(draft_of__isnull=False, scheduled_for__lte=now)
        for work in due.select_related("draft_of", "reviewed_by").order_by("scheduled_for"):
            try:
                apply(work=work, user=work.reviewed_by)
            except ValidationError as error:
                logger.error("Scheduled changes of %s not published: %s", work, error.messages)
            else:
                done += 1
    return done


def waiting_for_review(model: type[Publication]) -> models.QuerySet:
    """Work pieces of this kind submitted and not yet decided on, the longest waiting first."""
    return (
        model.with_drafts.filter(review_state=ReviewState.SUBMITTED)
        .select_related("submitted_by", "draft_of")
        .order_by("submitted_at")
    )


def _save_review(work: Publication) -> None:
    fields = [
        "review_state",
        "submitted_by",
        "submitted_at",
        "review_note",
        "review_comment",
        "reviewed_by",
        "scheduled_for",
    ]
    type(work).with_drafts.filter(pk=work.pk).update(**{f: getattr(work, f) for f in fields})


def _clear_review(item: Publication, *, reviewer) -> None:
    item.review_state = ReviewState.EDITING
    item.review_note = ""
    item.review_comment = ""
    item.reviewed_by = reviewer if reviewer is not None and reviewer.is_authenticated else None
    item.submitted_by = None
    item.submitted_at = None
    item.scheduled_for = None
    _save_review(item)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def reviewers(model: type[Publication], *, exclude=None) -> models.QuerySet:
    """Active users who may publish this kind of item, with an e-mail address."""
    app_label, codename = publish_permission(model).split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        models.Q(groups__permissions=permission) | models.Q(user_permissions=permission)
    ).distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users


def _mail_reviewers(work: Publication, author, request: HttpRequest | None) -> None:
    model = type(work)
    live = work.live_item()
    meta = model._meta
    link = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[live.pk])
    # Scheduled publishing without PUBLIC_BASE_URL (development) mails the path alone.
    with contextlib.suppress(NoBaseURL):
        link = absolute_url(link, request)
    recipients = list(reviewers(model, exclude=author).values_list("email", flat=True))
    if not recipients:
        return
    with override("nl"):
        subject = _("To review: %(item)s") % {"item": work.title}
        body = _(
            "%(author)s asks you to review “%(item)s”.\n\nNote: %(note)s\n\nReview it here: "
            "%(link)s\n"
        ) % {
            "author": _name(author),
            "item": work.title,
            "note": work.review_note or "—",
            "link": link,
        }
    try:
        send_mail(subject, body, None, recipients)
    except OSError:
        # The submission stands; the list "Ter beoordeling" shows it all the same.
        logger.exception("Could not mail the reviewers of %s", live)
