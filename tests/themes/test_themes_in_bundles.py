"""Themes and the provenance note in archive bundles: an export names each programme's and
exhibition's themes and defines them in the manifest, and writes the provenance; an import on
another site creates or updates the themes and keeps both. Bundles made before either was part
of the format import exactly as before; a bundle naming a theme it does not define (and this
site does not know) is refused, with nothing written."""

import json

import pytest
from django.utils import translation

from archive.exporter import export_bundle
from archive.importer import import_bundle
from exhibitions.models import Exhibition
from programmes.models import Programme
from tests.bundles import EditableBundle, database_state
from tests.factories import ExhibitionFactory, ProgrammeFactory, ThemeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

PROVENANCE = "<p>De periode komt uit de Kamerbrief van 9 november 2015.</p>"


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def archive():
    housing = ThemeFactory(
        slug="wonen",
        name_nl="Wonen",
        name_en="Housing",
        description_nl="Over wonen.",
        description_en="On housing.",
    )
    safety = ThemeFactory(slug="veiligheid", name_nl="Veiligheid", name_en="Safety")
    ThemeFactory(slug="ongebruikt")
    programme = ProgrammeFactory(
        published=True,
        slug="bouwen",
        provenance_nl=PROVENANCE,
        provenance_en="<p>The period comes from the letter.</p>",
    )
    programme.themes.add(housing, safety)
    exhibition = ExhibitionFactory(published=True, slug="wijken")
    exhibition.themes.add(housing)
    exhibition.related_programmes.add(programme)
    return programme


def empty_the_site() -> None:
    Exhibition.objects.all().delete()
    Programme.objects.all().delete()
    Theme.objects.all().delete()


def export(folder) -> EditableBundle:
    return EditableBundle.export(folder, "bouwen", exhibitions=("wijken",))


class TestExport:
    def test_documents_name_their_themes_and_the_manifest_defines_them(self, tmp_path, archive):
        bundle = export(tmp_path / "bundle")
        assert bundle.programme("bouwen")["themes"] == ["veiligheid", "wonen"]
        assert bundle.exhibition("wijken")["themes"] == ["wonen"]
        definitions = {theme["slug"]: theme for theme in bundle.manifest()["themes"]}
        assert set(definitions) == {"veiligheid", "wonen"}  # not the theme nothing names
        assert definitions["wonen"] == {
            "slug": "wonen",
            "name_nl": "Wonen",
            "name_en": "Housing",
            "description_nl": "Over wonen.",
            "description_en": "On housing.",
        }

    def test_the_programme_document_has_its_provenance(self, tmp_path, archive):
        document = export(tmp_path / "bundle").programme("bouwen")
        assert document["provenance_nl"] == PROVENANCE
        assert document["provenance_en"] == "<p>The period comes from the letter.</p>"


class TestRoundTrip:
    def test_an_import_on_an_empty_site_keeps_themes_and_provenance(self, tmp_path, archive):
        export_bundle(tmp_path / "first", slugs=["bouwen"], exhibition_slugs=["wijken"])
        empty_the_site()
        report = import_bundle(tmp_path / "first")
        assert report.succeeded, report.problems
        programme = Programme.objects.get(slug="bouwen")
        assert programme.provenance_nl == PROVENANCE
        assert sorted(programme.themes.values_list("slug", flat=True)) == ["veiligheid", "wonen"]
        housing = Theme.objects.get(slug="wonen")
        assert (housing.name_en, housing.description_nl) == ("Housing", "Over wonen.")
        assert list(Exhibition.objects.get(slug="wijken").themes.all()) == [housing]
        export_bundle(tmp_path / "second", slugs=["bouwen"], exhibition_slugs=["wijken"])
        first = EditableBundle(tmp_path / "first")
        second = EditableBundle(tmp_path / "second")
        assert first.programme("bouwen") == second.programme("bouwen")
        assert first.manifest()["themes"] == second.manifest()["themes"]

    def test_importing_it_again_changes_nothing(self, tmp_path, archive):
        export_bundle(tmp_path / "bundle", slugs=["bouwen"], exhibition_slugs=["wijken"])
        report = import_bundle(tmp_path / "bundle")
        assert report.succeeded, report.problems
        assert {plan.action for plan in report.plans} == {"unchanged"}

    def test_a_renamed_theme_in_the_bundle_updates_the_theme_here(self, tmp_path, archive):
        bundle = export(tmp_path / "bundle")
        manifest = bundle.manifest()
        for theme in manifest["themes"]:
            if theme["slug"] == "wonen":
                theme["name_nl"] = "Bouwen en wonen"
        bundle.save_manifest(manifest)
        report = import_bundle(tmp_path / "bundle")
        assert report.succeeded, report.problems
        assert Theme.objects.get(slug="wonen").name_nl == "Bouwen en wonen"


class TestOlderBundles:
    def test_a_bundle_without_themes_and_provenance_imports_as_before(self, tmp_path, archive):
        bundle = export(tmp_path / "bundle")
        manifest = bundle.manifest()
        del manifest["themes"]
        bundle.save_manifest(manifest)
        for slug, read, save in (
            ("bouwen", bundle.programme, bundle.save_programme),
            ("wijken", bundle.exhibition, bundle.save_exhibition),
        ):
            document = read(slug)
            for key in ("themes", "provenance_nl", "provenance_en"):
                document.pop(key, None)
            save(slug, document)
        # Unchanged here: the fields it leaves out are no difference.
        report = import_bundle(tmp_path / "bundle", dry_run=True)
        assert report.succeeded, report.problems
        assert {plan.action for plan in report.plans} == {"unchanged"}
        # On an empty site it creates what it holds, without themes or provenance.
        empty_the_site()
        report = import_bundle(tmp_path / "bundle")
        assert report.succeeded, report.problems
        programme = Programme.objects.get(slug="bouwen")
        assert programme.provenance_nl == ""
        assert not programme.themes.exists()

    def test_an_update_from_an_older_bundle_keeps_the_themes_and_provenance_here(
        self, tmp_path, archive
    ):
        bundle = export(tmp_path / "bundle")
        document = bundle.programme("bouwen")
        for key in ("themes", "provenance_nl", "provenance_en"):
            del document[key]
        document["title_nl"] = "Bouwen, bijgewerkt"
        bundle.save_programme("bouwen", document)
        report = import_bundle(tmp_path / "bundle")
        assert report.succeeded, report.problems
        programme = Programme.objects.get(slug="bouwen")
        assert programme.title_nl == "Bouwen, bijgewerkt"
        assert programme.provenance_nl == PROVENANCE
        assert programme.themes.count() == 2


class TestRefusals:
    def test_a_theme_the_bundle_does_not_define_and_this_site_does_not_know_is_refused(
        self, tmp_path, archive
    ):
        bundle = export(tmp_path / "bundle")
        document = bundle.programme("bouwen")
        document["themes"] = ["wonen", "onbekend"]
        document["title_nl"] = "Gewijzigd"
        bundle.save_programme("bouwen", document)
        before = database_state()
        report = import_bundle(tmp_path / "bundle")
        assert not report.succeeded
        (problem,) = report.problems
        assert problem.file == "programmes/bouwen.json"
        assert problem.path == "themes[1]"
        assert "onbekend" in problem.message
        assert "not defined" in problem.message
        assert database_state() == before

    def test_a_theme_on_this_site_needs_no_definition(self, tmp_path, archive):
        bundle = export(tmp_path / "bundle")
        manifest = bundle.manifest()
        del manifest["themes"]
        bundle.save_manifest(manifest)
        report = import_bundle(tmp_path / "bundle", dry_run=True)
        assert report.succeeded, report.problems

    def test_a_theme_defined_twice_or_without_a_dutch_name_is_refused(self, tmp_path, archive):
        bundle = export(tmp_path / "bundle")
        manifest = bundle.manifest()
        manifest["themes"].append(dict(manifest["themes"][0]))
        bundle.save_manifest(manifest)
        report = import_bundle(tmp_path / "bundle")
        assert [problem.path for problem in report.problems] == ["themes[2].slug"]
        manifest["themes"].pop()
        manifest["themes"][0]["name_nl"] = ""
        bundle.save_manifest(manifest)
        report = import_bundle(tmp_path / "bundle")
        assert not report.succeeded
        assert report.problems[0].file == "manifest.json"

    def test_provenance_must_be_stored_html(self, tmp_path, archive):
        bundle = export(tmp_path / "bundle")
        document = bundle.programme("bouwen")
        document["provenance_nl"] = '<p onclick="x()">Tekst</p><script>x()</script>'
        bundle.save_programme("bouwen", document)
        report = import_bundle(tmp_path / "bundle")
        assert [problem.path for problem in report.problems] == ["provenance_nl"]


def test_the_schema_describes_the_new_fields_as_optional():
    from archive.format import schema

    definitions = schema()["$defs"]
    for name in ("themes", "provenance_nl", "provenance_en"):
        assert name in definitions["programme"]["properties"]
        assert name not in definitions["programme"]["required"]
    assert "themes" not in definitions["manifest"]["required"]
    assert json.dumps(definitions["theme"])
