from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

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


@admin.register(Programme)
class ProgrammeAdmin(TabbedTranslationAdmin):
    change_form_template = "admin/programmes/programme/change_form.html"
    list_display = ["title", "period", "status", "published_at", "updated_at"]
    list_filter = ["status", DecadeListFilter]
    search_fields = ["title_nl", "title_en", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ["status", "published_at", "withdrawn_at", "created_at", "updated_at"]
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
        (_("Image"), {"fields": ["image", "image_alt_text", "image_caption"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "withdrawn_at", "created_at", "updated_at"]},
        ),
    ]

    def get_form(self, request: HttpRequest, obj: Programme | None = None, **kwargs):
        # A summary is a few sentences: give it room to be read whole while editing.
        kwargs["widgets"] = {
            f"summary_{code}": forms.Textarea(attrs={"rows": 3}) for code in ("nl", "en")
        }
        return super().get_form(request, obj, **kwargs)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("programmes.export_archive")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("programmes.change_programme")

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, programme: Programme) -> str:
        return programme.period

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

    def _apply(self, request: HttpRequest, programmes, service, texts: dict) -> None:
        done = 0
        for programme in programmes:
            try:
                service(programme=programme)
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
        if "_publish" in request.POST:
            self._apply(request, [form.instance], programme_publish, PUBLISH_MESSAGES)
        elif "_unpublish" in request.POST:
            self._apply(request, [form.instance], programme_unpublish, UNPUBLISH_MESSAGES)
