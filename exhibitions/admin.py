from django import forms
from django.contrib import admin
from django.db.models import ManyToManyField, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationStackedInline

from exhibitions.models import Curator, Exhibition, TimelineItem
from publishing.admin import PUBLICATION_FIELDS, PublicationAdminMixin
from publishing.forms import PublicationForm
from publishing.services import publish, unpublish, withdraw
from website.admin import AuditedAdminMixin
from website.admin_form import CollapsibleInlineMixin, TranslatedAdmin
from website.history import HistoryAdmin
from website.richtext import RichTextField
from website.widgets import RichTextWidget


@admin.register(Curator)
class CuratorAdmin(HistoryAdmin, TranslatedAdmin):
    list_display = ["name", "role"]
    search_fields = ["name"]


class TimelineItemInline(CollapsibleInlineMixin, TranslationStackedInline):
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


class ExhibitionForm(PublicationForm):
    stale_message = _(
        "Someone else saved this exhibition since you opened it "
        "(version {version}, {when}). Your changes were not saved. "
        '<a href="{url}">Open the newer version</a> and make your '
        "changes there."
    )


@admin.register(Exhibition)
class ExhibitionAdmin(PublicationAdminMixin, AuditedAdminMixin, HistoryAdmin, TranslatedAdmin):
    form = ExhibitionForm
    publish_permission = "exhibitions.publish_exhibition"
    preview_template = "exhibitions/exhibition_detail.html"
    publication_done = {
        publish: ngettext_lazy(
            "%(count)d exhibition published.", "%(count)d exhibitions published.", "count"
        ),
        unpublish: ngettext_lazy(
            "%(count)d exhibition unpublished.", "%(count)d exhibitions unpublished.", "count"
        ),
        withdraw: ngettext_lazy(
            "%(count)d exhibition withdrawn.", "%(count)d exhibitions withdrawn.", "count"
        ),
    }
    change_form_template = "admin/publishing/change_form.html"
    list_display = [
        "title",
        "curator",
        "publication_state_display",
        "missing_english_display",
        "published_at",
        "updated_at",
    ]
    list_filter = ["status"]
    search_fields = ["title_nl", "title_en", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    formfield_overrides = {
        RichTextField: {"widget": RichTextWidget},
        # Themes are few: plain checkboxes (the related programmes keep the two-list chooser).
        ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    filter_horizontal = ["related_programmes"]
    readonly_fields = [*PUBLICATION_FIELDS, "preview_links"]
    actions = ["publish_selected", "unpublish_selected", "withdraw_selected"]
    inlines = [TimelineItemInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "subtitle", "curator"]}),
        (
            _("Page text"),
            {"fields": ["teaser", "curator_introduction", "reading_guide", "opening_item"]},
        ),
        (_("Related programmes"), {"classes": ["collapse"], "fields": ["related_programmes"]}),
        (_("Themes"), {"fields": ["themes"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "preview_links",
                    *PUBLICATION_FIELDS,
                    "loaded_version",
                ]
            },
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "opening_item":
            # Only items of this exhibition can open it.
            # (of the draft, when a published exhibition is being changed).
            work = getattr(request, "publication_work", None)
            kwargs["queryset"] = TimelineItem.objects.filter(exhibition_id=work.pk if work else 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
