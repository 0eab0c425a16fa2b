"""The archive's revision counter: every write to programmes counts, however it is made."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import transaction

from programmes.models import Programme
from publishing.models import ArchiveRevision, one_archive_change
from tests.factories import ObjectiveFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def number() -> int:
    return ArchiveRevision.objects.get().number


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda p: p.save(), id="save"),
        pytest.param(lambda p: p.delete(), id="delete"),
        pytest.param(lambda p: Programme.objects.filter(pk=p.pk).update(title_nl="x"), id="update"),
        pytest.param(lambda p: Programme.objects.filter(pk=p.pk).delete(), id="queryset delete"),
        pytest.param(lambda p: Programme.objects.bulk_update([p], ["title_nl"]), id="bulk update"),
        pytest.param(
            lambda p: Programme.objects.bulk_create([ProgrammeFactory.build()]), id="bulk create"
        ),
        pytest.param(lambda p: ObjectiveFactory(programme=p), id="a part"),
    ],
)
def test_every_kind_of_write_counts(write):
    programme = ProgrammeFactory()
    before = number()
    write(programme)
    assert number() > before


def test_an_update_that_changes_nothing_does_not_count():
    before = number()
    Programme.objects.filter(slug="bestaat-niet").update(title_nl="x")
    assert number() == before


def test_a_block_of_writes_counts_once():
    programme = ProgrammeFactory()
    before = number()
    with transaction.atomic(), one_archive_change():
        for title in ("een", "twee", "drie"):
            programme.title_nl = title
            programme.save()
        ObjectiveFactory.create_batch(3, programme=programme)
    assert number() == before + 1


def test_a_block_that_is_rolled_back_counts_nothing():
    programme = ProgrammeFactory()
    before = number()

    def write_then_fail() -> None:
        with transaction.atomic(), one_archive_change():
            programme.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert number() == before


def test_an_archive_import_counts_once_and_shows_at_once(client, tmp_path):
    assert client.get("/programmas/").status_code == 200  # cached while the archive is empty
    before = number()
    subprocess.run(
        [sys.executable, "bench/generate_bundle.py", str(tmp_path), "--programmes", "3"],
        check=True, capture_output=True,
    )  # fmt: skip
    call_command("import_archive", str(tmp_path), verbosity=0)
    assert number() == before + 1
    index = client.get("/programmas/").content.decode()
    for programme in Programme.objects.all():
        assert programme.title_nl in index
