"""What the admin of every published kind of item shares (programmes and exhibitions): the
optimistic version check (publishing/forms.py), "Save and publish" with an optional later time,
the publication actions, a preview in both languages that visitors never see and no cache
keeps; every save, deletion and restored version as a publication change
(publishing/events.py); and inlines of ordered parts."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from publishing import services
from publishing.events import PublicationChange, publication_change
from publishing.forms import OrderedChildForm, OrderedChildFormSet
from publishing.services import publish, unpublish, withdraw

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
    "version",
    "created_at",
    "updated_at",
]


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
        return [
            path("<int:pk>/preview/", preview, name=f"{meta.app_label}_{meta.model_name}_preview"),
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
        return self.model._default_manager.with_page_content()

    def preview_context(self, item: Model) -> dict:
        return {}

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The item as visitors will see it, published or not; for editors only."""
        item = get_object_or_404(self.preview_queryset(), pk=pk)
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        language = request.GET.get("lang") if request.GET.get("lang") in ("nl", "en") else "nl"
        context = {
            self.model._meta.model_name: item,
            **self.preview_context(item),
            "preview": {
                "nl": f"{request.path}?lang=nl",
                "en": f"{request.path}?lang=en",
                "change": self._admin_url("change", pk),
                "public": item.is_public,
            },
        }
        with translation.override(language):
            response = render(request, self.preview_template, context)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _apply(self, request: HttpRequest, items, service: Callable, **options) -> None:
        if not self.has_publish_permission(request):
            raise PermissionDenied
        done = 0
        for item in items:
            try:
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

    # The change page saves the item, then its inlines, then acts on the publish buttons: one
    # publication change from the first save to the last, in the admin's transaction.
    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        request._publication_change = PublicationChange(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The publish buttons act after the children are saved, so that the whole item as the
        # editor submitted it is what gets validated and published.
        item = self.model._default_manager.get(pk=form.instance.pk)
        if "_publish" in request.POST:
            at = form.cleaned_data.get("publish_at")
            self._apply(request, [item], publish, at=at)
        elif "_unpublish" in request.POST:
            self._apply(request, [item], unpublish)
        request._publication_change.finish()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        services.delete(item=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            for item in queryset:
                services.delete(item=item)

    # Restoring a version (django-reversion) writes the old version before the change page
    # saves it: the change is seen from before the restore.
    def revision_view(self, request: HttpRequest, object_id: str, version_id, extra_context=None):
        with publication_change(self.model(pk=unquote(object_id))):
            return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request: HttpRequest, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        with publication_change(self.model(pk=version.object_id)):
            return super().recover_view(request, version_id, extra_context)


class OrderedInlineMixin:
    """An inline of ordered parts (publishing.models.OrderedChild) that editors can reorder."""

    form = OrderedChildForm
    formset = OrderedChildFormSet
    extra = 0
    ordering = ["position"]
