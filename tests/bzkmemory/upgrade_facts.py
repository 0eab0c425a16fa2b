"""What the site makes of an upgraded database, read through today's code: run by
tests/bzkmemory/test_upgrade.py in a process of its own (``python -m tests.bzkmemory.upgrade_facts``)
against the database in DATABASE_URL (or the SQLite file under BZKMEMORY_VAR_DIR), and printed
as JSON. It changes nothing it does not put back (one restored version is undone in the same
transaction)."""

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzkmemory.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import translation  # noqa: E402
from reversion.models import Version  # noqa: E402

from archive.models import ArchiveImport  # noqa: E402
from exhibitions.models import Exhibition  # noqa: E402
from openmetadata.models import DeletedRecord  # noqa: E402
from programmes.models import Programme  # noqa: E402
from publishing.models import ArchiveRevision  # noqa: E402
from website.models import AuditEvent, SitePage, SiteSettings  # noqa: E402

SEED = "risicos-en-verantwoordelijkheden"
User = get_user_model()


def status(path: str) -> int:
    return Client(HTTP_HOST="localhost").get(path).status_code


def restored_about_page() -> str:
    """The about page's text after restoring its version from before the upgrade."""
    page = SitePage.objects.get(key="about")
    version = Version.objects.get_for_object(page).order_by("pk").first()
    with transaction.atomic():
        version.revert()
        text = SitePage.objects.get(key="about").body_nl
        transaction.set_rollback(True)
    return text


# Pages are rendered without collecting static files first: plain static storage.
@override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
)
def main() -> None:
    translation.activate("nl")
    archivist = User.objects.get(username="archivaris")
    editor = User.objects.get(username="redacteur")
    oai = Client(HTTP_HOST="localhost").get("/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc")
    revision = ArchiveRevision.objects.get()
    number_before = revision.number
    with transaction.atomic():
        ArchiveRevision.objects.record_change()
        counts_on = ArchiveRevision.objects.get().number == number_before + 1
        transaction.set_rollback(True)
    facts = {
        "programmes": sorted(Programme.objects.values_list("slug", "status")),
        "exhibition_items": list(
            Exhibition.objects.get(slug="lokaal-bestuur-test")
            .items.order_by("date")
            .values_list("slug", flat=True)
        ),
        "archive_imports": sorted(ArchiveImport.objects.values_list("outcome", flat=True)),
        "deleted_records": DeletedRecord.objects.count(),
        "revision_counts_on": counts_on,
        "audit_events": AuditEvent.objects.count(),
        "site_introduction": SiteSettings.objects.current().introduction_nl,
        "about_versions": Version.objects.get_for_object(SitePage.objects.get(key="about")).count(),
        "restored_about": restored_about_page(),
        "content_types": sorted(
            f"{ct.app_label}.{ct.model}"
            for ct in ContentType.objects.filter(
                model__in=[
                    "archiveimport",
                    "archiverevision",
                    "sitesettings",
                    "sitepage",
                    "auditevent",
                ]
            )
        ),
        "archivist_may": sorted(
            perm for perm in archivist.get_all_permissions() if perm.startswith("archive.")
        ),
        "editor_may_change_site_pages": editor.has_perm("website.change_sitepage"),
        "pages": {
            path: status(path)
            for path in [
                "/",
                f"/programmas/{SEED}/",
                "/programmas/dienstverlening-oud/",
                "/tentoonstellingen/lokaal-bestuur-test/",
                "/over/",
            ]
        },
        "oai_deleted": oai.content.decode().count('status="deleted"'),
    }
    print(json.dumps(facts, sort_keys=True))


if __name__ == "__main__":
    main()
