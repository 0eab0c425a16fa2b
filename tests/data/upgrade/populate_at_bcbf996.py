"""Fills a database created by the code at commit bcbf996 with a small, realistic archive.

Run it from a checkout of commit bcbf996 (not from the current code), after
``manage.py migrate`` and ``manage.py load_seed``::

    cd /tmp/main-bcbf996
    python /path/to/tests/data/upgrade/populate_at_bcbf996.py

It uses only that code's own APIs (services, archive exporter and importer, audit log) and
plain ORM calls, so every side table (reversion versions, OAI deleted records, former slugs,
audit events, the archive revision counter) is written the way the site writes it. Slugs and
texts are fixed; timestamps are not. See README.md next to it for how the dumps were made.
"""

import os
import sys
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

# The code under test is the checkout we are run from, never this file's repository.
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzkmemory.settings")

import django

django.setup()

import reversion  # noqa: E402
from bzkmemory.models import AuditEvent, SitePage, SiteSettings  # noqa: E402
from django.contrib.admin.models import CHANGE, LogEntry  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import translation  # noqa: E402
from programmes.archive.exporter import export_bundle  # noqa: E402
from programmes.archive.importer import import_bundle  # noqa: E402

from bzkmemory import audit  # noqa: E402
from exhibitions.models import Curator, DatePrecision, Exhibition, TimelineItem  # noqa: E402
from programmes import services  # noqa: E402
from programmes.models import (  # noqa: E402
    AchievedResult,
    ArchiveImport,
    ArchiveRevision,
    Objective,
    PlannedResult,
    Programme,
)
from toolbox.models import ToolboxDocument  # noqa: E402

SEED_SLUG = "risicos-en-verantwoordelijkheden"
EXHIBITION_SLUG = "lokaal-bestuur-test"
PASSWORD = "upgrade-test-password"  # only ever stored hashed

User = get_user_model()


@contextmanager
def revision(user, comment):
    """A reversion revision by ``user`` with ``comment``."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def users():
    admin = User.objects.create_superuser("beheerder", "beheerder@example.org", PASSWORD)
    editor = User.objects.create_user(
        "redacteur", "redacteur@example.org", PASSWORD, is_staff=True, first_name="Rita"
    )
    editor.groups.add(Group.objects.get(name="Redacteur"))
    archivist = User.objects.create_user(
        "archivaris", "archivaris@example.org", PASSWORD, is_staff=True, first_name="Arie"
    )
    archivist.groups.add(Group.objects.get(name="Archivaris"))
    return admin, editor, archivist


def site_texts(editor):
    settings = SiteSettings.objects.current()
    settings.introduction_nl = "<p>Het geheugen van BZK: bijgewerkte inleiding (upgrade-test).</p>"
    settings.introduction_en = "<p>The memory of BZK: updated introduction (upgrade test).</p>"
    with revision(editor, "Inleiding van de site bijgewerkt"):
        settings.full_clean()
        settings.save()
    page = SitePage.objects.get(key=SitePage.Key.ABOUT)
    page.title_nl = "Over Het geheugen van BZK"
    page.body_nl = "<p>Over deze site (bijgewerkt voor de upgrade-test).</p>"
    page.body_en = "<p>About this site (updated for the upgrade test).</p>"
    with revision(editor, "Over-pagina bijgewerkt"):
        page.full_clean()
        page.save()


def seed_programme(editor):
    programme = Programme.objects.get(slug=SEED_SLUG)
    if programme.status != Programme.Status.PUBLISHED:
        services.publish(item=programme, user=editor)
    programme.responsible_unit = "DG Overheidsorganisatie"
    with revision(editor, "Verantwoordelijke eenheid toegevoegd"):
        programme.full_clean()
        programme.save()
    return programme


def new_programme(editor, slug, title_nl, title_en, *, with_parts=False):
    with revision(editor, "Programma aangemaakt"):
        programme = Programme(
            slug=slug,
            title_nl=title_nl,
            title_en=title_en,
            summary_nl=f"Samenvatting van {title_nl}.",
            summary_en=f"Summary of {title_en}.",
            introduction_nl=f"<p>Inleiding van {title_nl}.</p>",
            introduction_en=f"<p>Introduction to {title_en}.</p>",
            start_year=2004,
            end_year=2008,
        )
        programme.full_clean()
        programme.save()
        if with_parts:
            Objective.objects.create(
                programme=programme,
                position=1,
                name_nl="Inzicht",
                name_en="Insight",
                description_nl="het vergroten van inzicht in de dienstverlening;",
                description_en="increasing insight into public services;",
            )
            PlannedResult.objects.create(
                programme=programme,
                position=1,
                text_nl="een handreiking voor gemeenten",
                text_en="a guide for municipalities",
            )
            AchievedResult.objects.create(
                programme=programme,
                position=1,
                heading_nl="Handreiking",
                heading_en="Guide",
                text_nl="De handreiking verscheen in 2007.",
                text_en="The guide appeared in 2007.",
            )
            document = ToolboxDocument(
                programme=programme,
                position=1,
                title_nl="Eindrapport dienstverlening (alleen papier)",
                title_en="Final report on public services (paper only)",
                kind=ToolboxDocument.Kind.OTHER,
                description_nl="Alleen op papier bewaard in het archief.",
                publication_date=date(2008, 6, 1),
            )
            document.full_clean()
            document.save()
    return programme


def change_slug(programme, new_slug, editor):
    programme.slug = new_slug
    with revision(editor, "Adres gewijzigd"):
        programme.full_clean()
        programme.save()


def exhibition(editor, seed):
    document = seed.documents.order_by("position").first()
    with revision(editor, "Tentoonstelling aangemaakt"):
        curator = Curator.objects.create(
            name="Mr. A. de Vries",
            role_nl="oud-minister van Binnenlandse Zaken",
            role_en="former Minister of the Interior",
        )
        item = Exhibition(
            slug=EXHIBITION_SLUG,
            title_nl="Lokaal bestuur na 1945",
            title_en="Local government after 1945",
            subtitle_nl="Gemeenten, provincies en het Rijk",
            subtitle_en="Municipalities, provinces and the state",
            curator=curator,
            teaser_nl="Het begin van de inleiding van de curator.",
            teaser_en="The beginning of the curator's introduction.",
            curator_introduction_nl="<p>De hele inleiding van de curator.</p>",
            curator_introduction_en="<p>The curator's whole introduction.</p>",
            reading_guide_nl="<p>De tijdlijn loopt van oud naar nieuw.</p>",
            reading_guide_en="<p>The timeline runs from old to new.</p>",
        )
        item.full_clean()
        item.save()
        item.related_programmes.set([seed])
        items = [
            TimelineItem(
                exhibition=item,
                slug="gemeentewet-1851",
                date=date(1851, 1, 1),
                date_precision=DatePrecision.YEAR,
                title_nl="De Gemeentewet van Thorbecke",
                title_en="Thorbecke's Municipalities Act",
                kind=TimelineItem.Kind.TEXT,
                text_nl="<p>De eerste Gemeentewet.</p>",
                text_en="<p>The first Municipalities Act.</p>",
            ),
            TimelineItem(
                exhibition=item,
                slug="herindeling-1970",
                date=date(1970, 5, 1),
                end_date=date(1975, 12, 1),
                date_precision=DatePrecision.MONTH,
                title_nl="Herindelingen",
                title_en="Municipal mergers",
                kind=TimelineItem.Kind.REPORT,
                text_nl="<p>Een periode van herindelingen.</p>",
                text_en="<p>A period of municipal mergers.</p>",
            ),
            TimelineItem(
                exhibition=item,
                slug="plan-van-aanpak-2011",
                date=date(2011, 4, 15),
                date_precision=DatePrecision.DAY,
                title_nl="Plan van aanpak Risico's en verantwoordelijkheden",
                title_en="Plan of approach Risks and responsibilities",
                kind=TimelineItem.Kind.REPORT,
                document=document,
            ),
        ]
        for timeline_item in items:
            timeline_item.full_clean()
            timeline_item.save()
        item.opening_item = items[0]
        item.full_clean()
        item.save()
    services.publish(item=item, user=editor)
    return item


def archive(archivist, work: Path):
    bundle = work / "bundle.zip"
    report = export_bundle(
        bundle, slugs=[SEED_SLUG], exhibition_slugs=[EXHIBITION_SLUG], as_zip=True
    )
    audit.record(
        AuditEvent.Action.EXPORTED,
        user=archivist,
        detail=f"{report.programmes} programmes, {report.exhibitions} exhibitions to bundle.zip",
    )
    dry = import_bundle(bundle, dry_run=True, user=archivist)
    real = import_bundle(bundle, user=archivist, source=ArchiveImport.Source.ADMIN)
    broken = work / "broken.zip"
    with zipfile.ZipFile(broken, "w") as archive_file:
        archive_file.writestr("hello.txt", "hello\n")
    refused = import_bundle(broken, user=archivist)
    return dry, real, refused


def main():
    with translation.override("nl"), tempfile.TemporaryDirectory() as work:
        admin, editor, archivist = users()
        site_texts(editor)
        seed = seed_programme(editor)

        # Published, then its address changed: a FormerSlug and deleted records for the old one.
        moved = new_programme(
            editor,
            "dienstverlening-oud",
            "Betere dienstverlening",
            "Better public services",
            with_parts=True,
        )
        services.publish(item=moved, user=editor)
        change_slug(moved, "betere-dienstverlening", editor)

        # Published, then deleted.
        gone = new_programme(editor, "verwijderd-programma", "Verwijderd programma", "Deleted")
        services.publish(item=gone, user=editor)
        with transaction.atomic():
            audit.record(AuditEvent.Action.DELETED, user=admin, obj=gone)
            gone.delete()

        # Published, then taken back to draft.
        draft = new_programme(editor, "teruggetrokken-concept", "Weer concept", "Draft again")
        services.publish(item=draft, user=editor)
        services.unpublish(item=draft, user=editor)

        shown = exhibition(editor, seed)
        dry, real, refused = archive(archivist, Path(work))

        audit.record(AuditEvent.Action.LOGGED_IN, user=admin)
        LogEntry.objects.log_actions(
            admin.pk,
            [seed],
            CHANGE,
            change_message=[{"changed": {"fields": ["Responsible unit"]}}],
            single_object=True,
        )

        from cookie_consent.models import ACTION_ACCEPTED, CookieGroup, LogItem

        group = CookieGroup.objects.order_by("pk").first()
        if group is not None:
            LogItem.objects.create(
                action=ACTION_ACCEPTED, cookiegroup=group, version=group.get_version()
            )

    revision_row = ArchiveRevision.objects.get()
    assert revision_row.number > 0, revision_row
    assert dry.outcome == ArchiveImport.Outcome.CHECKED, dry.problems
    assert real.outcome == ArchiveImport.Outcome.IMPORTED, real.problems
    assert refused.outcome == ArchiveImport.Outcome.REFUSED, refused.outcome
    print(f"archive revision: {revision_row.number}")
    print(f"import: {real.summary()}")
    print(f"exhibition: {shown.slug} ({shown.status}), items {shown.items.count()}")


if __name__ == "__main__":
    main()
