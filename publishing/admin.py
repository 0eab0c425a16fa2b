"""What the admin of every published kind of item shares (programmes and exhibitions): the
optimistic version check (publishing/forms.py), "Save and publish" with an optional later time,
the publication actions, a preview in both languages that visitors never see and no cache
keeps; every save, deletion and restored version as a publication change
(publishing/events.py); and inlines of ordered parts."""

from collections.abc import Callable
from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version

from publishing import drafts, review, services
from publishing.comparison import compare
from publishing.events import PublicationChange, publication_change
from publishing.forms import OrderedChildForm, OrderedChildFormSet
from publishing.models import Publication, ReviewState
from publishing.services import publish, unpublish, withdraw
from publishing.translations import missing_english
from website.admin_form import SortableInlineMixin

FAILED = {
    publish: _("“%(item)s” could not be published: %(errors)s"),
    unpublish: _("“%(item)s” could not be unpublished: %(errors)s"),
    withdraw: _("“%(item)s” could not be withdrawn: %(errors)s"),
}

PUBLICATION_FIELDS = [
    "status",
    "published_at",
    "published_by",
    "withdrawn_at",
    "withdrawn_by",
    "created_at",
    "updated_at",
]

WORKFLOW_BUTTONS = ("_submit_for_review", "_send_back", "_publish", "_unpublish")

# Form fields that steer the workflow rather than change the item.
WORKFLOW_FIELDS = {"loaded_version", "publish_at", "review_message", "publish_without_english"}


class PublicationAdminMixin:
    """For a ModelAdmin of a Publication with a PublicationForm.

    Set ``publish_permission`` ("app.codename"), ``preview_template`` and ``publication_done``
    (for publish, unpublish and withdraw: what is said after, with ``%(count)d``); override
    ``preview_context`` to add to the page. The actions themselves are the admin's own, for
    their wording: each calls ``_apply``.
    """

    publish_permission: str
    preview_template: str
    publication_done: dict[Callable, str]

    def get_urls(self):
        meta = self.model._meta
        preview = self.admin_site.admin_view(self.preview_view)
        comparison = self.admin_site.admin_view(self.comparison_view)
        name = f"{meta.app_label}_{meta.model_name}"
        return [
            path("<int:pk>/preview/", preview, name=f"{name}_preview"),
            path("<int:pk>/changes/", comparison, name=f"{name}_changes"),
            *super().get_urls(),
        ]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.publish_permission)

    def _admin_url(self, name: str, pk: int) -> str:
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=[pk])

    @admin.display(description=_("preview"))
    def preview_links(self, item: Model) -> str:
        if not item.pk:
            return "—"
        url = self._admin_url("preview", item.pk)
        return format_html(
            '<a href="{}?lang=nl">{}</a> · <a href="{}?lang=en">{}</a>',
            url,
            _("Preview in Dutch"),
            url,
            _("Preview in English"),
        )

    def preview_queryset(self):
        return self.model.with_drafts.with_page_content()

    def preview_context(self, item: Model) -> dict:
        return {}

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The item as visitors will see it once published: its draft when it has one (the
        published version with ``?version=live``); for editors only."""
        live = get_object_or_404(self.model._default_manager, pk=pk)
        if not self.has_view_or_change_permission(request, live):
            raise PermissionDenied
        draft = drafts.draft_of(live)
        shown = live if draft is None or request.GET.get("version") == "live" else draft
        item = self.preview_queryset().get(pk=shown.pk)
        language = request.GET.get("lang") if request.GET.get("lang") in ("nl", "en") else "nl"
        context = {
            self.model._meta.model_name: item,
            **self.preview_context(item),
            "preview": {
                "nl": f"{request.path}?lang=nl",
                "en": f"{request.path}?lang=en",
                "change": self._admin_url("change", pk),
                "public": live.is_public and shown is live,
            },
        }
        with translation.override(language):
            response = render(request, self.preview_template, context)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def comparison_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """What the draft changes, next to the published version."""
        live = get_object_or_404(self.model._default_manager, pk=pk)
        if not self.has_view_or_change_permission(request, live):
            raise PermissionDenied
        draft = drafts.draft_of(live)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changes in the draft of “%(item)s”") % {"item": live},
            "opts": self.model._meta,
            "original": live,
            "draft": draft,
            "changes": compare(live, draft) if draft is not None else [],
            "change_url": self._admin_url("change", pk),
            "preview_url": self._admin_url("preview", pk),
        }
        response = render(request, "admin/publishing/comparison.html", context)
        add_never_cache_headers(response)
        return response

    def _apply(self, request: HttpRequest, items, service: Callable, **options) -> None:
        if not self.has_publish_permission(request):
            raise PermissionDenied
        done = 0
        for item in items:
            try:
                if service is publish:
                    # Through the review: four eyes, and a draft replaces its published item.
                    work = drafts.draft_of(item) or item
                    review.publish(work=work, user=request.user, request=request, **options)
                else:
                    service(item=item, user=request.user, request=request, **options)
            except ValidationError as error:
                message = FAILED[service] % {"item": item, "errors": " ".join(error.messages)}
                self.message_user(request, message, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, self.publication_done[service] % {"count": done}, messages.SUCCESS
            )

    # Drafts of published items (publishing/drafts.py): the change page of a published item
    # shows and saves its draft; the page, its links and its log stay the published item's.
    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is not None and item.has_published_version and not _restoring(request):
            item = drafts.draft_of(item) or item
        # What the form edits, for choices among its own parts (an exhibition's opening item).
        request.publication_work = item
        return item

    def _pk_of(self, object_id: str):
        """The primary key an address names, or None. As the admin's get_object does: an id
        that is no number names nothing (the page then says so) rather than reaching the
        database, and the 500 page, with it (issue 15)."""
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except (ValidationError, ValueError):
            return None

    @contextmanager
    def create_revision(self, request: HttpRequest):
        """The admin's own history version of a save, except for a published item: its edits
        go to a draft, and its history gets a version when the draft is published
        (publishing/review.py), not for every save of the draft."""
        match = request.resolver_match
        object_id = match.kwargs.get("object_id") if match is not None else None
        if object_id and (match.url_name or "").endswith("_change"):
            pk = self._pk_of(object_id)
            published = self.model._default_manager.filter(
                pk=pk, status=Publication.Status.PUBLISHED
            )
            if pk is not None and published.exists():
                yield
                return
        with super().create_revision(request):
            yield

    def _create_formsets(self, request: HttpRequest, obj, change: bool):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        request._publication_formsets = formsets
        return formsets, inline_instances

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_discard_draft" in request.POST and object_id:
            return self._discard(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _discard(self, request: HttpRequest, object_id: str) -> HttpResponse:
        work = self.get_object(request, unquote(object_id))
        if work is None or not self.has_change_permission(request, work):
            raise PermissionDenied
        if work.is_draft_copy:
            live = review.discard(work=work, user=request.user, request=request)
            self.message_user(
                request,
                _("The draft was discarded; the published version is unchanged."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._admin_url("change", live.pk))
        return HttpResponseRedirect(request.path)

    def _has_changes(self, form, formsets) -> bool:
        return bool(set(form.changed_data) - WORKFLOW_FIELDS) or any(
            formset.has_changed() for formset in formsets
        )

    # The change page saves the item, then its inlines, then acts on the workflow buttons: one
    # publication change from the first save to the last, in the admin's transaction.
    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        formsets = getattr(request, "_publication_formsets", [])
        request._work = obj
        request._draft_parts = None
        request._changed = not change or _restoring(request) or self._has_changes(form, formsets)
        if change and obj.has_published_version and not _restoring(request):
            if not request._changed:
                return  # nothing to keep: no draft is started
            draft, request._draft_parts = drafts.start_draft(obj)
            # The form checked and changed the published item in memory; its values go into
            # the draft instead, and so do the inlines' (save_formset).
            for field in drafts.content_fields(type(obj)):
                setattr(draft, field.attname, getattr(obj, field.attname))
            drafts.point_at_own_parts(draft, obj, request._draft_parts, save=False)
            draft.save()
            form.instance = draft
            request._work = draft
            obj = draft
        request._publication_change = PublicationChange(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        parts = getattr(request, "_draft_parts", None)
        if parts is not None and formset.fk is not None:
            draft = request._work
            copies = parts.get(formset.model, {})
            formset.instance = draft
            for part_form in formset.forms:
                part = part_form.instance
                if part.pk is not None:
                    # The copy keeps saying which published part it stands for.
                    part.draft_source_id = part.pk
                    part.pk = copies[part.pk]
                setattr(part, formset.fk.name, draft)
        super().save_formset(request, form, formset, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        if not change or request._changed:
            super().save_related(request, form, formsets, change)
        else:
            for formset in formsets:  # nothing saved; the change message asks what was
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        work = request._work
        work = type(work).with_drafts.get(pk=work.pk)
        if request._changed:
            review.record_edit(work, request.user)
        self._act(request, form, work)
        if hasattr(request, "_publication_change"):
            request._publication_change.finish()

    def _act(self, request: HttpRequest, form, work: Publication) -> None:
        """The workflow button that was pressed, after everything is saved."""
        message = (form.cleaned_data.get("review_message") or "").strip()
        try:
            if "_publish" in request.POST:
                self._publish(request, form, work)
            elif "_submit_for_review" in request.POST:
                review.submit(work=work, user=request.user, note=message, request=request)
                self.message_user(
                    request,
                    _("Submitted for review. The Eindredacteuren have been told."),
                    messages.SUCCESS,
                )
            elif "_send_back" in request.POST:
                review.send_back(work=work, user=request.user, comment=message, request=request)
                self.message_user(request, _("Sent back to the author."), messages.SUCCESS)
            elif "_unpublish" in request.POST:
                self._apply(request, [work.live_item()], unpublish)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def _publish(self, request: HttpRequest, form, work: Publication) -> None:
        missing = missing_english(work)
        if missing and not form.cleaned_data.get("publish_without_english"):
            self.message_user(
                request,
                _(
                    "Not published: the English text is missing for %(fields)s. Add it, or "
                    "tick “Publish without English” and publish again."
                )
                % {"fields": ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")},
                messages.WARNING,
            )
            return
        at = form.cleaned_data.get("publish_at")
        item = review.publish(work=work, user=request.user, at=at, request=request)
        if item.is_draft_copy:
            self.message_user(
                request,
                _("The changes will be published at %(moment)s.")
                % {"moment": f"{timezone.localtime(item.scheduled_for):%d-%m-%Y %H:%M}"},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("Published."), messages.SUCCESS)

    def response_change(self, request: HttpRequest, obj: Model) -> HttpResponse:
        if any(name in request.POST for name in WORKFLOW_BUTTONS):
            # After a workflow step the form shows where the item now stands.
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_change(request, obj.live_item())

    def log_change(self, request: HttpRequest, obj: Model, message):
        return super().log_change(request, obj.live_item(), message)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._workflow_context(request, obj))
            context["original"] = obj.live_item()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_context(self, request: HttpRequest, work: Publication) -> dict:
        live = work.live_item()
        refusal = review.refusal(request.user, work)
        is_reviewer = request.user.has_perm(review.publish_permission(self.model))
        return {
            "work": work,
            "live": live,
            "publication_state": publication_state(work),
            "has_draft": work.is_draft_copy,
            "may_publish": refusal is None,
            "publish_refusal": refusal,
            "may_send_back": is_reviewer
            and work.review_state == ReviewState.SUBMITTED
            and request.user.pk != work.submitted_by_id,
            "may_unpublish": is_reviewer and live.status == Publication.Status.PUBLISHED,
            "missing_english": missing_english(work),
            "preview_url": self._admin_url("preview", live.pk),
            "changes_url": self._admin_url("changes", live.pk) if work.is_draft_copy else "",
        }

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = (
            super().get_queryset(request).annotate(draft_review_state=F("draft__review_state"))
        )
        match = request.resolver_match
        if match is not None and (match.url_name or "").endswith("_changelist"):
            # The list says per item which English texts are missing, parts included.
            queryset = queryset.prefetch_related(
                *(f.remote_field.get_accessor_name() for f in drafts.part_relations(self.model))
            )
        return queryset

    @admin.display(description=_("status"))
    def publication_state_display(self, item: Model) -> str:
        return publication_state(item, draft_state=getattr(item, "draft_review_state", None))

    @admin.display(description=_("English"))
    def missing_english_display(self, item: Model) -> str:
        missing = missing_english(item, prefetched=True)
        if not missing:
            return _("complete")
        return format_html(
            '<span title="{}">{}</span>',
            ", ".join(missing),
            ngettext("%(count)d text missing", "%(count)d texts missing", len(missing))
            % {"count": len(missing)},
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        services.delete(item=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            for item in queryset:
                services.delete(item=item)

    # Restoring a version (django-reversion) writes the old version before the change page
    # saves it: the change is seen from before the restore.
    def revision_view(self, request: HttpRequest, object_id: str, version_id, extra_context=None):
        pk = self._pk_of(object_id)
        if pk is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        item = self.model._default_manager.filter(pk=pk).first()
        # Restoring a version of a published item publishes it: an Eindredacteur's step (the
        # version was reviewed when it was first published).
        if (
            item is not None
            and item.has_published_version
            and not self.has_publish_permission(request)
        ):
            self.message_user(
                request,
                _(
                    "Only an Eindredacteur can restore an earlier version of a published "
                    "page; it is published at once."
                ),
                messages.WARNING,
            )
            return HttpResponseRedirect(self._admin_url("history", item.pk))
        if request.method == "GET" and item is not None and drafts.draft_of(item) is not None:
            # The draft stays as it is: publishing it later would replace this version too.
            self.message_user(
                request,
                _(
                    "This page also has a draft with changes. Restoring publishes this version; "
                    "the draft stays and would replace it when published. Discard the draft if "
                    "it should not."
                ),
                messages.WARNING,
            )
        with publication_change(self.model(pk=unquote(object_id))):
            return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request: HttpRequest, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        with publication_change(self.model(pk=version.object_id)):
            return super().recover_view(request, version_id, extra_context)


def _restoring(request: HttpRequest) -> bool:
    """Whether this is the page that restores an earlier version (django-reversion's)."""
    match = request.resolver_match
    return match is not None and (match.url_name or "").endswith("_revision")


def _moment(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def publication_state(item: Publication, *, draft_state: str | None = None) -> str:
    """Where an item stands, in the editors' words: live, a draft with changes, waiting for
    review, sent back, scheduled. ``draft_state`` is the review state of a published item's
    draft (None: it has none) when ``item`` is the published item."""
    if item.is_draft_copy:
        if item.scheduled_for:
            return _("Live; changes scheduled for %(moment)s") % {
                "moment": _moment(item.scheduled_for)
            }
        draft_state = item.review_state
    elif item.status == Publication.Status.WITHDRAWN:
        return str(_("Withdrawn"))
    elif item.status == Publication.Status.DRAFT:
        return {
            ReviewState.SUBMITTED: _("Draft, waiting for review"),
            ReviewState.RETURNED: _("Draft, sent back"),
        }.get(item.review_state, _("Draft"))
    elif not item.is_public:
        base = _("Scheduled for %(moment)s") % {"moment": _moment(item.published_at)}
        return base if draft_state is None else _("%(state)s; with changes") % {"state": base}
    if draft_state is None:
        return str(_("Live"))
    return str(
        {
            ReviewState.SUBMITTED: _("Live; changes waiting for review"),
            ReviewState.RETURNED: _("Live; changes sent back"),
        }.get(draft_state, _("Live; draft with changes"))
    )


class OrderedInlineMixin(SortableInlineMixin):
    """An inline of ordered parts (publishing.models.OrderedChild) that editors can reorder."""

    form = OrderedChildForm
    formset = OrderedChildFormSet
    extra = 0
    ordering = ["position"]
