"""What the admin of every published kind of item shares (programmes and exhibitions): the
optimistic version check, "Save and publish" with an optional later time, the publication
actions and a preview in both languages that visitors never see and no cache keeps."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from programmes.services import publish, unpublish, withdraw


class PublicationForm(forms.ModelForm):
    """A form that refuses to overwrite a version saved by someone else since it was opened.

    ``stale_message`` is the error shown then, with ``{version}``, ``{when}`` and ``{url}``.
    """

    stale_message: str = ""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    publish_at = forms.DateTimeField(
        label=_("publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Only with “Save and publish”: a later time schedules the publication (it "
            "becomes public by itself). Empty: now."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk:
            model = type(self.instance)
            # Locked until the admin's transaction ends: nobody saves in between.
            current = model._default_manager.select_for_update().get(pk=self.instance.pk)
            if data.get("loaded_version") != current.version:
                meta = model._meta
                raise forms.ValidationError(
                    format_html(
                        self.stale_message,
                        version=current.version,
                        when=date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
                        url=reverse(
                            f"admin:{meta.app_label}_{meta.model_name}_change", args=[current.pk]
                        ),
                    ),
                    code="stale",
                )
        return data


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
