"""Property: whatever is done to a valid bundle, it either imports cleanly and exports back to
the same content, or it is refused and the database and media storage are byte for byte as
they were."""

import json
import operator
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from archive.importer import import_bundle
from archive.models import ArchiveImport
from archive.programme_mapping import comparable_with, programme_document, with_archive_content
from programmes.models import Programme
from tests.bundles import EditableBundle, database_state, stored_files
from tests.factories import ObjectiveFactory, ProgrammeFactory, ToolboxDocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db

SLUG = "eigenschap"
DOCUMENT = f"programmes/{SLUG}.json"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=300),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def paths_in(document, prefix=()):
    """Every place in a JSON document where a value sits."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield (*prefix, key)
            yield from paths_in(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield (*prefix, index)
            yield from paths_in(value, (*prefix, index))


def at(document, path):
    for step in path[:-1]:
        document = document[step]
    return document, path[-1]


@st.composite
def mutations(draw, document: dict):
    """A change to a programme document, described, with the document after it."""
    document = json.loads(json.dumps(document))
    paths = list(paths_in(document))
    kind = draw(st.sampled_from(["set", "delete", "add", "text", "number", "swap"]))
    path = draw(st.sampled_from(paths))
    parent, key = at(document, path)
    if kind == "set":
        parent[key] = draw(json_values)
    elif kind == "delete":
        del parent[key]
    elif kind == "add" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12))] = draw(json_values)
    elif kind == "text":
        parent[key] = draw(st.text(max_size=400))
    elif kind == "number":
        parent[key] = draw(st.integers(1700, 2300))
    elif kind == "swap" and isinstance(parent, list) and len(parent) > 1:
        parent.reverse()
    return kind, path, document


@pytest.fixture
def original(tmp_path):
    programme = ProgrammeFactory(published=True, slug=SLUG)
    ObjectiveFactory.create_batch(2, programme=programme)
    ToolboxDocumentFactory(
        programme=programme, file=SimpleUploadedFile("r.pdf", pdf_bytes(pages=2))
    )
    ToolboxDocumentFactory(programme=programme, kind="other")
    return EditableBundle.export(tmp_path / "original")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_mutated_bundle_imports_exactly_or_changes_nothing(original, data):
    with translation.override("en"), tempfile.TemporaryDirectory() as folder:
        bundle = original.copy(Path(folder) / "bundle")
        kind, path, mutated = data.draw(mutations(original.programme(SLUG)))
        bundle.save_programme(SLUG, mutated)
        before = (database_state(), stored_files())

        report = import_bundle(bundle.folder)
        event(str(report.outcome))

        if report.outcome == ArchiveImport.Outcome.IMPORTED:
            programme = with_archive_content(Programme.objects.filter(slug=SLUG)).get()
            exported = programme_document(programme)
            # Optional fields the bundle leaves out (made before they existed) are left as they
            # were, so they do not count.
            assert operator.eq(*comparable_with(exported, mutated)), (kind, path)
            # Back to the original for the next example.
            assert import_bundle(original.folder).succeeded
        else:
            assert report.outcome == ArchiveImport.Outcome.REFUSED, report.problems
            assert report.problems
            assert (database_state(), stored_files()) == before, (kind, path)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(0, 10_000), byte=st.integers(0, 255))
def test_a_damaged_byte_anywhere_in_a_zip_is_refused_or_harmless(
    original, tmp_path_factory, position, byte
):
    with translation.override("en"), tempfile.TemporaryDirectory() as folder:
        target = original.zip(Path(folder) / "bundle.zip")
        data = bytearray(target.read_bytes())
        data[position % len(data)] = byte
        target.write_bytes(bytes(data))
        before = (database_state(), stored_files())
        report = import_bundle(target)
        if report.outcome != ArchiveImport.Outcome.REFUSED:
            # The damage hit nothing that matters (e.g. a zip comment): it must import as is.
            assert report.succeeded, report.problems
        else:
            assert (database_state(), stored_files()) == before
