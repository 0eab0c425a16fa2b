"""The benchmarks measure the real site only if the archives they generate are real archives."""

import subprocess
import sys

import pytest
from django.core.management import call_command

from programmes.models import Programme
from toolbox.models import ToolboxDocument

pytestmark = pytest.mark.django_db


def test_a_generated_bundle_imports_without_problems(tmp_path):
    bundle = tmp_path / "bundle"
    subprocess.run(
        [sys.executable, "bench/generate_bundle.py", str(bundle), "--programmes", "3",
         "--documents", "6"],
        check=True, capture_output=True,
    )  # fmt: skip

    call_command("import_archive", str(bundle), verbosity=0)

    assert Programme.objects.count() == 3
    assert ToolboxDocument.objects.count() == 18
    # One document in five has a file; the others are records without one.
    assert ToolboxDocument.objects.exclude(file="").count() == 6


def test_the_serving_benchmark_fills_the_archive_with_complete_published_programmes(client):
    from bench.populate import populate

    document = populate(3)

    programmes = Programme.objects.published()
    assert programmes.count() == 3
    for programme in programmes:
        assert programme.objectives.count() == 4
        assert programme.planned_results.count() == 13
        assert programme.achieved_results.count() == 8
        assert programme.documents.count() == 8
        assert programme.title_en != programme.title_nl
        assert client.get(programme.get_absolute_url()).status_code == 200

    download = client.get(document.public_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert int(download["Content-Length"]) > 200_000
    # The search columns are built, so the search benchmark finds something.
    word = max(programmes[0].title_nl.split()[2:], key=len).strip(".,:;()'\"")
    assert client.get("/programmas/", {"q": word}).context["page"].paginator.count >= 1
