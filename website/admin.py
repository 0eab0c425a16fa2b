from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from website import audit
from website.admin_form import TranslatedAdmin
from website.history import HistoryAdmin
from website.models import AuditEvent, SitePage, SiteSettings
from website.richtext import RichTextField
from website.widgets import RichTextWidget


class AuditedAdminMixin:
    """Bulk deletions go to the audit log too (Django logs them without sending signals)."""

    def log_deletions(self, request: HttpRequest, queryset) -> None:
        audit.record_deletions(request, queryset)
        super().log_deletions(request, queryset)


@admin.register(SiteSettings)
class SiteSettingsAdmin(HistoryAdmin, TranslatedAdmin):
    fields = ["introduction", "updated_at"]
    readonly_fields = ["updated_at"]
    formfield_overrides = {RichTextField: {"widget": RichTextWidget}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SiteSettings | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        # There is one row: go straight to it.
        settings = SiteSettings.objects.current()
        return HttpResponseRedirect(
            reverse("admin:website_sitesettings_change", args=[settings.pk])
        )


@admin.register(SitePage)
class SitePageAdmin(HistoryAdmin, TranslatedAdmin):
    list_display = ["title", "key", "updated_at"]
    fields = ["key", "title", "body", "updated_at"]
    readonly_fields = ["key", "updated_at"]
    formfield_overrides = {RichTextField: {"widget": RichTextWidget}}

    # The pages are a fixed set, each with its own address and footer link.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SitePage | None = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "object_type", "object_repr", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_repr", "object_id", "detail"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    # A record: read by administrators, changed by nobody.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
