"""The archivists' pages in the admin: upload a bundle, read the dry run, confirm; the import
log; and "Export as an archive bundle" on the lists of programmes and exhibitions.

These call the same import and export functions as the management commands.
"""

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive import uploads
from archive.exporter import ExportError, export_bundle
from archive.importer import import_bundle, iter_plans
from archive.models import ArchiveImport
from exhibitions.models import Exhibition
from programmes.models import Programme
from website import audit
from website.models import AuditEvent
from website.public_urls import absolute_url

SESSION_KEY = "archive_uploads"


class BundleUploadForm(forms.Form):
    bundle = forms.FileField(
        label=_("Archive bundle (.zip)"),
        help_text=_("A .zip made by the export, or in the same format (see the documentation)."),
    )

    def clean_bundle(self):
        bundle = self.cleaned_data["bundle"]
        if bundle.size > settings.ARCHIVE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the %(limit)s bytes that can be uploaded.")
                % {"limit": settings.ARCHIVE_MAX_UPLOAD_BYTES}
            )
        return bundle


@admin.register(ArchiveImport)
class ArchiveImportAdmin(admin.ModelAdmin):
    change_list_template = "admin/archive/archiveimport/change_list.html"
    list_display = [
        "started_at",
        "bundle_name",
        "user",
        "source",
        "dry_run",
        "outcome",
        "created",
        "updated",
        "unchanged",
        "removed",
    ]
    list_filter = ["outcome", "dry_run", "source"]
    search_fields = ["bundle_name", "bundle_sha256"]
    date_hierarchy = "started_at"

    # The log is a record: nobody adds, changes or deletes entries by hand.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="archive_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": _can(request, "import_archive")}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not _can(request, "import_archive"):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        form = BundleUploadForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import an archive bundle"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["bundle"]
            token = uploads.stage(upload)
            request.session.setdefault(SESSION_KEY, {})[token] = upload.name
            request.session.modified = True
            with uploads.local_copy(token) as path:
                report = import_bundle(
                    path,
                    dry_run=True,
                    user=request.user,
                    source=ArchiveImport.Source.ADMIN,
                    display_name=upload.name,
                )
            if report.problems:
                uploads.discard(token)
            context.update(report=report, plans=list(iter_plans(report)), token=token)
        return TemplateResponse(request, "admin/archive/archiveimport/import.html", context)

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        token = request.POST.get("token", "")
        names = request.session.get(SESSION_KEY, {})
        if token not in names or not uploads.exists(token):
            messages.error(request, _("That upload is no longer available; upload it again."))
            return HttpResponseRedirect(reverse("admin:archive_import"))
        with uploads.local_copy(token) as path:
            report = import_bundle(
                path,
                user=request.user,
                source=ArchiveImport.Source.ADMIN,
                display_name=names.pop(token),
            )
        request.session.modified = True
        uploads.discard(token)
        if report.problems:
            for problem in report.problems[:20]:
                messages.error(request, str(problem))
        else:
            messages.success(request, report.summary())
        return HttpResponseRedirect(
            reverse("admin:archive_archiveimport_change", args=[report.record.pk])
        )


def _can(request: HttpRequest, codename: str) -> bool:
    return request.user.has_perm(f"archive.{codename}")


@admin.action(description=_("Export as an archive bundle (.zip)"), permissions=["export"])
def export_selected(modeladmin, request: HttpRequest, queryset) -> HttpResponse | None:
    folder = Path(tempfile.mkdtemp(prefix="bzkmemory-export-"))
    target = folder / f"geheugen-van-bzk-{timezone.now():%Y%m%d-%H%M%S}.zip"
    slugs = list(queryset.values_list("slug", flat=True))
    # The same action serves the programme and the exhibition lists.
    chosen = {
        "exhibition_slugs" if queryset.model._meta.model_name == "exhibition" else "slugs": slugs
    }
    try:
        export_bundle(target, as_zip=True, source_site=absolute_url("/", request), **chosen)
    except ExportError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return None
    audit.record(
        AuditEvent.Action.EXPORTED,
        user=request.user,
        request=request,
        detail=", ".join(slugs),
    )
    stream = target.open("rb")
    # The open file outlives its name: nothing is left behind once the response is sent.
    target.unlink()
    folder.rmdir()
    return FileResponse(
        stream, as_attachment=True, filename=target.name, content_type="application/zip"
    )


class ExportActionMixin:
    """The export action on a list of programmes or exhibitions, for those who may export."""

    def has_export_permission(self, request: HttpRequest) -> bool:
        return _can(request, "export_archive")


def offer_export(model) -> None:
    """Add the export action to the admin of ``model`` as its app registered it."""
    registered = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            registered.__name__,
            (ExportActionMixin, registered),
            {"actions": [*registered.actions, export_selected], "__module__": __name__},
        ),
    )


offer_export(Programme)
offer_export(Exhibition)
