"""An import never changes a published item that editors are changing in a draft: it is refused
for that item, with a reason the archivist can act on, and nothing is written."""

import pytest

from archive.importer import import_bundle
from programmes.models import Programme
from publishing import drafts
from tests.bundles import EditableBundle
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_an_import_over_a_programme_with_an_open_draft_is_refused(tmp_path):
    ProgrammeFactory(published=True, slug="oud", title_nl="Gepubliceerd")
    bundle = EditableBundle.export(tmp_path / "bundle", "oud")
    document = bundle.programme("oud")
    document["title_nl"] = "Uit het archief"
    bundle.save_programme("oud", document)
    draft, _parts = drafts.start_draft(Programme.objects.get(slug="oud"))
    draft.title_nl = "In bewerking"
    draft.save()

    report = import_bundle(bundle.folder)

    assert report.outcome == "refused"
    assert any("concept met wijzigingen" in str(problem) for problem in report.problems)
    assert Programme.objects.get(slug="oud").title_nl == "Gepubliceerd"
    assert Programme.with_drafts.get(draft_of__slug="oud").title_nl == "In bewerking"
    # Once the draft is discarded, the same bundle imports.
    drafts.discard_draft(Programme.with_drafts.get(draft_of__slug="oud"))
    assert import_bundle(bundle.folder).outcome == "imported"
    assert Programme.objects.get(slug="oud").title_nl == "Uit het archief"


def test_an_import_over_an_exhibition_with_an_open_draft_is_refused(tmp_path):
    from exhibitions.models import Exhibition
    from tests.factories import ExhibitionFactory

    ExhibitionFactory(published=True, slug="tentoon", title_nl="Gepubliceerd")
    bundle = EditableBundle.export(tmp_path / "bundle", exhibitions=("tentoon",))
    document = bundle.exhibition("tentoon")
    document["title_nl"] = "Uit het archief"
    bundle.save_exhibition("tentoon", document)
    drafts.start_draft(Exhibition.objects.get(slug="tentoon"))

    report = import_bundle(bundle.folder)

    assert report.outcome == "refused"
    assert Exhibition.objects.get(slug="tentoon").title_nl == "Gepubliceerd"
