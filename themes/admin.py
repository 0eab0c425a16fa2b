from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from themes.models import Theme
from themes.services import theme_delete, theme_save
from website.admin import AuditedAdminMixin
from website.admin_form import TranslatedAdmin
from website.history import HistoryAdmin


@admin.register(Theme)
class ThemeAdmin(AuditedAdminMixin, HistoryAdmin, TranslatedAdmin):
    """Eindredacteuren manage the themes; Redacteuren see them (themes/migrations/0002) and
    attach them to programmes and exhibitions on those items' own forms."""

    list_display = ["name", "slug", "programme_count", "exhibition_count"]
    search_fields = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "description"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Distinct counts: two joins in one query would multiply each other otherwise. Draft
        # copies of published items (publishing/drafts.py) are not counted twice.
        return (
            super()
            .get_queryset(request)
            .annotate(
                programme_count=Count(
                    "programmes", filter=Q(programmes__draft_of=None), distinct=True
                ),
                exhibition_count=Count(
                    "exhibitions", filter=Q(exhibitions__draft_of=None), distinct=True
                ),
            )
        )

    @admin.display(description=_("programmes"), ordering="programme_count")
    def programme_count(self, theme: Theme) -> int:
        return theme.programme_count

    @admin.display(description=_("exhibitions"), ordering="exhibition_count")
    def exhibition_count(self, theme: Theme) -> int:
        return theme.exhibition_count

    # Through the services: a renamed or deleted theme changes the pages that show it.
    def save_model(self, request: HttpRequest, obj: Theme, form, change: bool) -> None:
        theme_save(theme=obj)

    def delete_model(self, request: HttpRequest, obj: Theme) -> None:
        theme_delete(theme=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for theme in queryset:
            theme_delete(theme=theme)
