from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from modeltranslation.admin import TabbedTranslationAdmin

from bzkmemory.models import SitePage, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    fields = ["introduction", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SiteSettings | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        # There is one row: go straight to it.
        settings = SiteSettings.objects.current()
        return HttpResponseRedirect(
            reverse("admin:bzkmemory_sitesettings_change", args=[settings.pk])
        )


@admin.register(SitePage)
class SitePageAdmin(TabbedTranslationAdmin):
    list_display = ["title", "key", "updated_at"]
    fields = ["key", "title", "body", "updated_at"]
    readonly_fields = ["key", "updated_at"]

    # The pages are a fixed set, each with its own address and footer link.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SitePage | None = None) -> bool:
        return False
