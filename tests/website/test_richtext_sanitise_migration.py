"""Rows written before rich text was sanitised on every write are sanitised by the data
migrations, since pages now place stored rich text as it is (website/richtext.py)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from programmes.models import Programme
from tests.factories import ExhibitionFactory, ProgrammeFactory
from website.models import SitePage, SiteSettings

pytestmark = pytest.mark.django_db

HOSTILE = '<p>Tekst<script>alert(1)</script> <a href="javascript:alert(2)">link</a></p>'


def write_raw(model, pk: int, column: str) -> None:
    """As an old row holds it: written around the field, which would sanitise it."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",  # noqa: S608
            [HOSTILE, pk],
        )


def run(app: str, name: str) -> None:
    importlib.import_module(f"{app}.migrations.{name}").sanitise(apps, None)


def assert_clean(model, pk: int, column: str) -> None:
    value = model._base_manager.values_list(column, flat=True).get(pk=pk)
    assert "<script" not in value
    assert "javascript:" not in value
    assert value.startswith("<p>Tekst")


def test_the_programmes_migration_sanitises_every_language_and_drafts():
    programme = ProgrammeFactory()
    draft = ProgrammeFactory(draft_of=programme, slug=programme.slug)
    untouched = ProgrammeFactory(introduction_nl="<p>Al schoon.</p>")
    for pk, column in [
        (programme.pk, "introduction_nl"),
        (programme.pk, "provenance_en"),
        (draft.pk, "intended_effect_nl"),
    ]:
        write_raw(Programme, pk, column)
    changed_before = Programme.objects.values_list("updated_at", flat=True).get(pk=untouched.pk)

    run("programmes", "0014_sanitise_stored_rich_text")

    assert_clean(Programme, programme.pk, "introduction_nl")
    assert_clean(Programme, programme.pk, "provenance_en")
    assert_clean(Programme, draft.pk, "intended_effect_nl")
    assert Programme.objects.get(pk=untouched.pk).introduction_nl == "<p>Al schoon.</p>"
    assert Programme.objects.get(pk=untouched.pk).updated_at == changed_before


def test_the_site_texts_migration_sanitises_settings_and_pages():
    settings_row = SiteSettings.objects.current()
    page = SitePage.objects.first() or SitePage.objects.create(
        key="about", title_nl="Over", body_nl="<p>Over.</p>"
    )
    write_raw(SiteSettings, settings_row.pk, "introduction_nl")
    write_raw(SitePage, page.pk, "body_en")
    run("website", "0006_sanitise_stored_rich_text")
    assert_clean(SiteSettings, settings_row.pk, "introduction_nl")
    assert_clean(SitePage, page.pk, "body_en")


def test_the_exhibitions_migration_sanitises_in_batches():
    from exhibitions.models import Exhibition
    from website.richtext import sanitise_stored

    exhibitions = [ExhibitionFactory() for _ in range(3)]
    for exhibition in exhibitions:
        write_raw(Exhibition, exhibition.pk, "reading_guide_nl")
    assert sanitise_stored(apps.get_model("exhibitions", "Exhibition"), batch_size=2) == 3
    for exhibition in exhibitions:
        assert_clean(Exhibition, exhibition.pk, "reading_guide_nl")
    run("exhibitions", "0009_sanitise_stored_rich_text")  # nothing left to do, and no error
