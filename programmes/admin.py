from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from reversion_compare.admin import CompareVersionAdmin

from bzkmemory.admin import AuditedAdminMixin
from bzkmemory.models import SiteSettings
from bzkmemory.richtext import RichTextField
from bzkmemory.widgets import RichTextWidget
from programmes.archive.admin import export_selected
from programmes.forms import OrderedChildForm, OrderedChildFormSet
from programmes.models import AchievedResult, FormerSlug, Objective, PlannedResult, Programme
from programmes.services import programme_publish, programme_unpublish, programme_withdraw
from toolbox.admin import ToolboxDocumentInline

PUBLISH_MESSAGES = {
    "failed": _("“%(programme)s” could not be published: %(errors)s"),
    "done": ngettext_lazy(
        "%(count)d programme published.", "%(count)d programmes published.", "count"
    ),
}
UNPUBLISH_MESSAGES = {
    "failed": _("“%(programme)s” could not be unpublished: %(errors)s"),
    "done": ngettext_lazy(
        "%(count)d programme unpublished.", "%(count)d programmes unpublished.", "count"
    ),
}


WITHDRAW_MESSAGES = {
    "failed": _("“%(programme)s” could not be withdrawn: %(errors)s"),
    "done": ngettext_lazy(
        "%(count)d programme withdrawn.", "%(count)d programmes withdrawn.", "count"
    ),
}


class FormerSlugInline(admin.TabularInline):
    model = FormerSlug
    extra = 0
    fields = ["slug", "created_at"]
    readonly_fields = ["slug", "created_at"]
    can_delete = False
    verbose_name_plural = _("former addresses (they redirect here)")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class OrderedInlineMixin:
    form = OrderedChildForm
    formset = OrderedChildFormSet
    extra = 0
    ordering = ["position"]


class ObjectiveInline(OrderedInlineMixin, TranslationStackedInline):
    model = Objective
    fields = ["position", "name", "description"]


class PlannedResultInline(OrderedInlineMixin, TranslationTabularInline):
    model = PlannedResult
    fields = ["position", "text"]


class AchievedResultInline(OrderedInlineMixin, TranslationStackedInline):
    model = AchievedResult
    fields = ["position", "heading", "text"]


class DecadeListFilter(admin.SimpleListFilter):
    title = _("decade")
    parameter_name = "decade"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        years = model_admin.get_queryset(request).values_list("start_year", flat=True)
        decades = sorted({year // 10 * 10 for year in years}, reverse=True)
        return [(str(decade), f"{decade}–{decade + 9}") for decade in decades]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not (self.value() or "").isdigit():
            return queryset
        decade = int(self.value())
        # A programme belongs to every decade its period touches.
        return queryset.filter(start_year__lte=decade + 9, end_year__gte=decade)


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("due", _("review date passed")), ("none", _("no review date"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "due":
            return queryset.filter(review_date__lte=timezone.localdate())
        if self.value() == "none":
            return queryset.filter(review_date__isnull=True)
        return queryset


class ProgrammeForm(forms.ModelForm):
    """The programme form, with the version it was loaded at and an optional publication time."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    publish_at = forms.DateTimeField(
        label=_("publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Only with “Save and publish”: a later time schedules the publication (the "
            "programme becomes public by itself). Empty: now."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk:
            # Locked until the admin's transaction ends: nobody saves in between.
            current = Programme.objects.select_for_update().get(pk=self.instance.pk)
            if data.get("loaded_version") != current.version:
                raise forms.ValidationError(
                    format_html(
                        _(
                            "Someone else saved this programme since you opened it "
                            "(version {version}, {when}). Your changes were not saved. "
                            '<a href="{url}">Open the newer version</a> and make your '
                            "changes there."
                        ),
                        version=current.version,
                        when=date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
                        url=reverse("admin:programmes_programme_change", args=[current.pk]),
                    ),
                    code="stale",
                )
        return data


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdminMixin, CompareVersionAdmin, TabbedTranslationAdmin):
    form = ProgrammeForm
    change_form_template = "admin/programmes/programme/change_form.html"
    list_display = ["title", "period", "status", "published_at", "review_date", "updated_at"]
    list_filter = ["status", DecadeListFilter, ReviewDueFilter]
    search_fields = ["title_nl", "title_en", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = [
        "status",
        "published_at",
        "published_by",
        "withdrawn_at",
        "withdrawn_by",
        "version",
        "created_at",
        "updated_at",
        "preview_links",
    ]
    formfield_overrides = {RichTextField: {"widget": RichTextWidget}}
    actions = ["publish_selected", "unpublish_selected", "withdraw_selected", export_selected]
    inlines = [
        ObjectiveInline,
        PlannedResultInline,
        AchievedResultInline,
        ToolboxDocumentInline,
        FormerSlugInline,
    ]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "summary", "start_year", "end_year", "responsible_unit"]},
        ),
        (
            _("Page text"),
            {
                "fields": [
                    "introduction",
                    "objectives_introduction",
                    "bzk_portfolio_connection",
                    "intended_effect",
                ]
            },
        ),
        (
            _("Image"),
            {"fields": ["image", "image_is_decorative", "image_alt_text", "image_caption"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "preview_links",
                    "publish_at",
                    "review_date",
                    "status",
                    "published_at",
                    "published_by",
                    "withdrawn_at",
                    "withdrawn_by",
                    "version",
                    "created_at",
                    "updated_at",
                    "loaded_version",
                ]
            },
        ),
    ]

    def get_form(self, request: HttpRequest, obj: Programme | None = None, **kwargs):
        # A summary is a few sentences: give it room to be read whole while editing.
        kwargs["widgets"] = {
            f"summary_{code}": forms.Textarea(attrs={"rows": 3}) for code in ("nl", "en")
        }
        return super().get_form(request, obj, **kwargs)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="programmes_programme_preview"),
            *super().get_urls(),
        ]

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("programmes.export_archive")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("programmes.publish_programme")

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, programme: Programme) -> str:
        return programme.period

    @admin.display(description=_("preview"))
    def preview_links(self, programme: Programme) -> str:
        if not programme.pk:
            return "—"
        url = reverse("admin:programmes_programme_preview", args=[programme.pk])
        return format_html(
            '<a href="{}?lang=nl">{}</a> · <a href="{}?lang=en">{}</a>',
            url,
            _("Preview in Dutch"),
            url,
            _("Preview in English"),
        )

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The programme as visitors will see it, published or not; for editors only."""
        programme = get_object_or_404(Programme.objects.with_page_content(), pk=pk)
        if not self.has_view_or_change_permission(request, programme):
            raise PermissionDenied
        language = request.GET.get("lang") if request.GET.get("lang") in ("nl", "en") else "nl"
        with translation.override(language):
            response = render(
                request,
                "programmes/programme_detail.html",
                {
                    "programme": programme,
                    "site_settings": SiteSettings.objects.current(),
                    "preview": {
                        "nl": f"{request.path}?lang=nl",
                        "en": f"{request.path}?lang=en",
                        "change": reverse("admin:programmes_programme_change", args=[pk]),
                        "public": programme.is_public,
                    },
                },
            )
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @admin.action(description=_("Publish selected programmes"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, programme_publish, PUBLISH_MESSAGES)

    @admin.action(description=_("Unpublish selected programmes"), permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, programme_unpublish, UNPUBLISH_MESSAGES)

    @admin.action(
        description=_("Withdraw selected programmes (their pages answer 410 Gone)"),
        permissions=["publish"],
    )
    def withdraw_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, programme_withdraw, WITHDRAW_MESSAGES)

    def _apply(self, request: HttpRequest, programmes, service, texts: dict, **options) -> None:
        if not self.has_publish_permission(request):
            raise PermissionDenied
        done = 0
        for programme in programmes:
            try:
                service(programme=programme, user=request.user, request=request, **options)
            except ValidationError as error:
                message = texts["failed"] % {
                    "programme": programme,
                    "errors": " ".join(error.messages),
                }
                self.message_user(request, message, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, texts["done"] % {"count": done}, messages.SUCCESS)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The publish buttons act after the children are saved, so that the whole programme
        # as the editor submitted it is what gets validated and published.
        programme = Programme.objects.get(pk=form.instance.pk)
        if "_publish" in request.POST:
            at = form.cleaned_data.get("publish_at")
            self._apply(request, [programme], programme_publish, PUBLISH_MESSAGES, at=at)
        elif "_unpublish" in request.POST:
            self._apply(request, [programme], programme_unpublish, UNPUBLISH_MESSAGES)
