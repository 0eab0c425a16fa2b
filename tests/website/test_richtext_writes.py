"""Rich text is sanitised when it is written, by every path the ORM writes by, so that pages can
place it as it is stored (website/richtext.py)."""

import json

import pytest
from django.core.management import call_command

from programmes.models import Programme
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<p>Tekst<script>alert(1)</script> <a href="javascript:alert(2)">link</a></p>'


def assert_clean(programme_pk: int) -> None:
    stored = Programme.objects.values("introduction_nl").get(pk=programme_pk)["introduction_nl"]
    assert "<script" not in stored
    assert "javascript:" not in stored
    assert stored.startswith("<p>Tekst")


def test_save_stores_sanitised_html():
    assert_clean(ProgrammeFactory(introduction_nl=HOSTILE).pk)


def test_queryset_update_stores_sanitised_html():
    programme = ProgrammeFactory()
    Programme.objects.filter(pk=programme.pk).update(introduction_nl=HOSTILE)
    assert_clean(programme.pk)


def test_bulk_create_and_bulk_update_store_sanitised_html():
    made = Programme.objects.bulk_create(
        [ProgrammeFactory.build(slug="bulk", introduction_nl=HOSTILE)]
    )
    assert_clean(made[0].pk)
    programme = ProgrammeFactory()
    programme.introduction_nl = HOSTILE
    Programme.objects.bulk_update([programme], ["introduction_nl"])
    assert_clean(programme.pk)


def test_loaddata_raw_saves_store_sanitised_html(tmp_path):
    programme = ProgrammeFactory(slug="geladen")
    fixture = tmp_path / "hostile.json"
    # loaddata writes whole rows, raw (without pre_save): the programme's own, one field changed.
    row = Programme.objects.filter(pk=programme.pk).values()[0]
    row.pop("id")
    row["introduction_nl"] = HOSTILE
    row = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
    row = {k.removesuffix("_id") if k.endswith("_id") and k != "draft_of_id" else k: v
           for k, v in row.items()}  # fmt: skip
    row["draft_of"] = row.pop("draft_of_id", None)
    row.pop("search_vector", None)
    fixture.write_text(
        json.dumps([{"model": "programmes.programme", "pk": programme.pk, "fields": row}])
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert_clean(programme.pk)


def test_nothing_hostile_written_by_update_reaches_the_page(client):
    programme = ProgrammeFactory(published=True, slug="aanval")
    Programme.objects.filter(pk=programme.pk).update(introduction_nl=HOSTILE)
    programme.refresh_from_db()
    programme.save()  # moves its last change, so the page is rendered afresh
    page = client.get("/programmas/aanval/").content.decode()
    assert "alert(1)" not in page
    assert "javascript:" not in page
