from django import forms
from django.contrib import admin
from django.db.models import ManyToManyField, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationStackedInline

from programmes.models import AchievedResult, FormerSlug, Objective, PlannedResult, Programme
from publishing.admin import PUBLICATION_FIELDS, OrderedInlineMixin, PublicationAdminMixin
from publishing.forms import PublicationForm
from publishing.services import publish, unpublish, withdraw
from toolbox.admin import ToolboxDocumentInline
from website.admin import AuditedAdminMixin
from website.admin_form import TranslatedAdmin
from website.history import HistoryAdmin
from website.models import SiteSettings
from website.richtext import RichTextField
from website.widgets import RichTextWidget


class FormerSlugInline(admin.TabularInline):
    model = FormerSlug
    extra = 0
    fields = ["slug", "created_at"]
    readonly_fields = ["slug", "created_at"]
    can_delete = False
    verbose_name_plural = _("former addresses (they redirect here)")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ObjectiveInline(OrderedInlineMixin, TranslationStackedInline):
    model = Objective
    fields = ["position", "name", "description"]


class PlannedResultInline(OrderedInlineMixin, TranslationStackedInline):
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


class ProgrammeForm(PublicationForm):
    stale_message = _(
        "Someone else saved this programme since you opened it "
        "(version {version}, {when}). Your changes were not saved. "
        '<a href="{url}">Open the newer version</a> and make your '
        "changes there."
    )


@admin.register(Programme)
class ProgrammeAdmin(PublicationAdminMixin, AuditedAdminMixin, HistoryAdmin, TranslatedAdmin):
    form = ProgrammeForm
    publish_permission = "programmes.publish_programme"
    preview_template = "programmes/programme_detail.html"
    publication_done = {
        publish: ngettext_lazy(
            "%(count)d programme published.", "%(count)d programmes published.", "count"
        ),
        unpublish: ngettext_lazy(
            "%(count)d programme unpublished.", "%(count)d programmes unpublished.", "count"
        ),
        withdraw: ngettext_lazy(
            "%(count)d programme withdrawn.", "%(count)d programmes withdrawn.", "count"
        ),
    }
    change_form_template = "admin/publishing/change_form.html"
    list_display = [
        "title",
        "period",
        "publication_state_display",
        "missing_english_display",
        "published_at",
        "review_date",
        "updated_at",
    ]
    list_filter = ["status", DecadeListFilter, ReviewDueFilter]
    search_fields = ["title_nl", "title_en", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = [*PUBLICATION_FIELDS, "preview_links"]
    formfield_overrides = {
        RichTextField: {"widget": RichTextWidget},
        # Themes are few: plain checkboxes, usable by keyboard and screen reader as they are.
        ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    actions = ["publish_selected", "unpublish_selected", "withdraw_selected"]
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
        (_("Themes"), {"fields": ["themes"]}),
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
            {
                "classes": ["collapse"],
                "fields": ["image", "image_is_decorative", "image_alt_text", "image_caption"],
            },
        ),
        # What the archive added to the original and where it comes from: the page's last
        # section, "Verantwoording".
        (_("Provenance"), {"fields": ["provenance"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "preview_links",
                    "review_date",
                    *PUBLICATION_FIELDS,
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

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, programme: Programme) -> str:
        return programme.period

    def preview_context(self, programme: Programme) -> dict:
        return {"site_settings": SiteSettings.objects.current()}

    @admin.action(description=_("Publish selected programmes"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, publish)

    @admin.action(description=_("Unpublish selected programmes"), permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, unpublish)

    @admin.action(
        description=_("Withdraw selected programmes (their pages answer 410 Gone)"),
        permissions=["publish"],
    )
    def withdraw_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, withdraw)
