from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from reversion_compare.admin import CompareVersionAdmin

from bzkmemory.admin import AuditedAdminMixin
from bzkmemory.richtext import RichTextField
from bzkmemory.widgets import RichTextWidget
from exhibitions.models import Curator, Exhibition, TimelineItem
from programmes.services import publish, unpublish, withdraw

MESSAGES = {
    publish: (
        _("“%(item)s” could not be published: %(errors)s"),
        ngettext_lazy(
            "%(count)d exhibition published.", "%(count)d exhibitions published.", "count"
        ),
    ),
    unpublish: (
        _("“%(item)s” could not be unpublished: %(errors)s"),
        ngettext_lazy(
            "%(count)d exhibition unpublished.", "%(count)d exhibitions unpublished.", "count"
        ),
    ),
    withdraw: (
        _("“%(item)s” could not be withdrawn: %(errors)s"),
        ngettext_lazy(
            "%(count)d exhibition withdrawn.", "%(count)d exhibitions withdrawn.", "count"
        ),
    ),
}


@admin.register(Curator)
class CuratorAdmin(CompareVersionAdmin, TabbedTranslationAdmin):
    list_display = ["name", "role"]
    search_fields = ["name"]


class TimelineItemInline(TranslationStackedInline):
    model = TimelineItem
    extra = 0
    prepopulated_fields = {"slug": ("title",)}
    formfield_overrides = {RichTextField: {"widget": RichTextWidget}}
    fields = [
        "date",
        "date_precision",
        "end_date",
        "title",
        "slug",
        "kind",
        "text",
        "image",
        "image_is_decorative",
        "image_alt_text",
        "image_caption",
        "document",
        "video",
        "captions",
        "transcript",
    ]
    autocomplete_fields = ["document"]


@admin.register(Exhibition)
class ExhibitionAdmin(AuditedAdminMixin, CompareVersionAdmin, TabbedTranslationAdmin):
    change_form_template = "admin/programmes/programme/change_form.html"
    list_display = ["title", "curator", "status", "published_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title_nl", "title_en", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    formfield_overrides = {RichTextField: {"widget": RichTextWidget}}
    filter_horizontal = ["related_programmes"]
    readonly_fields = [
        "status",
        "published_at",
        "published_by",
        "withdrawn_at",
        "withdrawn_by",
        "created_at",
        "updated_at",
        "preview_links",
    ]
    actions = ["publish_selected", "unpublish_selected", "withdraw_selected"]
    inlines = [TimelineItemInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "subtitle", "curator"]}),
        (
            _("Page text"),
            {"fields": ["teaser", "curator_introduction", "reading_guide", "opening_item"]},
        ),
        (_("Related programmes"), {"fields": ["related_programmes"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "preview_links",
                    "status",
                    "published_at",
                    "published_by",
                    "withdrawn_at",
                    "withdrawn_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "opening_item":
            # Only items of this exhibition can open it.
            exhibition_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TimelineItem.objects.filter(exhibition_id=exhibition_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="exhibitions_exhibition_preview"),
            *super().get_urls(),
        ]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("exhibitions.publish_exhibition")

    @admin.display(description=_("preview"))
    def preview_links(self, exhibition: Exhibition) -> str:
        if not exhibition.pk:
            return "—"
        url = reverse("admin:exhibitions_exhibition_preview", args=[exhibition.pk])
        return format_html(
            '<a href="{}?lang=nl">{}</a> · <a href="{}?lang=en">{}</a>',
            url,
            _("Preview in Dutch"),
            url,
            _("Preview in English"),
        )

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The exhibition as visitors will see it, published or not; for editors only."""
        exhibition = get_object_or_404(Exhibition.objects.with_page_content(), pk=pk)
        if not self.has_view_or_change_permission(request, exhibition):
            raise PermissionDenied
        language = request.GET.get("lang") if request.GET.get("lang") in ("nl", "en") else "nl"
        with translation.override(language):
            response = render(
                request,
                "exhibitions/exhibition_detail.html",
                {
                    "exhibition": exhibition,
                    "preview": {
                        "nl": f"{request.path}?lang=nl",
                        "en": f"{request.path}?lang=en",
                        "change": reverse("admin:exhibitions_exhibition_change", args=[pk]),
                        "public": exhibition.is_public,
                    },
                },
            )
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @admin.action(description=_("Publish selected exhibitions"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, publish)

    @admin.action(description=_("Unpublish selected exhibitions"), permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, unpublish)

    @admin.action(
        description=_("Withdraw selected exhibitions (their pages answer 410 Gone)"),
        permissions=["publish"],
    )
    def withdraw_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, withdraw)

    def _apply(self, request: HttpRequest, exhibitions, service) -> None:
        if not self.has_publish_permission(request):
            raise PermissionDenied
        failed, done_text = MESSAGES[service]
        done = 0
        for exhibition in exhibitions:
            try:
                service(item=exhibition, user=request.user, request=request)
            except ValidationError as error:
                message = failed % {"item": exhibition, "errors": " ".join(error.messages)}
                self.message_user(request, message, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_text % {"count": done}, messages.SUCCESS)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        exhibition = Exhibition.objects.get(pk=form.instance.pk)
        if "_publish" in request.POST:
            self._apply(request, [exhibition], publish)
        elif "_unpublish" in request.POST:
            self._apply(request, [exhibition], unpublish)
