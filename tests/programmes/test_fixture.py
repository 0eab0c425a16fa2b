"""The seed programme fixture: the original page's Dutch text word for word, loadable twice."""

import datetime
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from programmes.models import AchievedResult, Objective, PlannedResult, Programme
from tests.html import text_of
from tests.seed import SEED_PAGE, seed_programme_blocks
from toolbox.models import ToolboxDocument

pytestmark = pytest.mark.django_db

SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_1243e5110d27af2e.txt"
# Texts the page template supplies (headings) or the site supplies (its introduction).
NOT_PROGRAMME_DATA = {
    "Doel van het programma",
    "Verbinding met BZK-portefeuille",
    "Resultaten",
    "Geplande resultaten",
    "Behaalde resultaten",
    "Overige documenten",
}


def rich_text_blocks(html: str) -> list[str]:
    return [
        text_of(element) for element in BeautifulSoup(html, "html.parser").find_all(["p", "li"])
    ]


def dutch_blocks_of(programme: Programme) -> list[str]:
    """The programme's Dutch text as data, block by block, in the order the page shows it."""
    documents = list(programme.documents.all())
    return [
        programme.title_nl,
        *rich_text_blocks(programme.introduction_nl),
        programme.objectives_introduction_nl,
        *(f"{o.name_nl}: {o.description_nl}" for o in programme.objectives.all()),
        *(d.title_nl for d in documents if d.section == "plans"),
        *rich_text_blocks(programme.bzk_portfolio_connection_nl),
        programme.image_alt_text_nl,
        *(result.text_nl for result in programme.planned_results.all()),
        *rich_text_blocks(programme.intended_effect_nl),
        *(passage.text_nl for passage in programme.achieved_results.all()),
    ]


def test_the_repositorys_copy_of_the_seed_is_the_seed():
    if not SHARED_SEED.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert SEED_PAGE.read_bytes() == SHARED_SEED.read_bytes()


def test_its_dutch_text_equals_the_seed_paragraph_by_paragraph(seed_programme):
    seed = seed_programme_blocks()
    site_introduction = seed[1]
    expected = [b for b in seed if b not in NOT_PROGRAMME_DATA and b != site_introduction]
    assert dutch_blocks_of(seed_programme) == expected


def test_the_seeds_own_spelling_is_kept(seed_programme):
    texts = " ".join(dutch_blocks_of(seed_programme))
    assert "Risico’s en Verantwoordelijkheden" in texts
    assert "7 à 10 casus" in texts
    assert "master scriptie" in texts


def test_its_summary_is_the_introductions_first_sentence(seed_programme):
    first_paragraph = rich_text_blocks(seed_programme.introduction_nl)[0]
    assert first_paragraph.startswith(seed_programme.summary_nl)


def test_it_holds_every_part_of_the_seed(seed_programme):
    assert seed_programme.objectives.count() == 4
    assert seed_programme.planned_results.count() == 13
    assert seed_programme.achieved_results.count() == 6
    assert seed_programme.is_public
    assert not seed_programme.image
    assert (seed_programme.start_year, seed_programme.end_year) == (2011, 2015)


def test_the_documents_are_records_without_invented_files_or_addresses(seed_programme):
    documents = list(seed_programme.documents.all())
    assert [d.title_nl for d in documents] == [
        "Plan van aanpak april 2011",
        "Plan van aanpak 2013-2014",
        "Brief van minister Plasterk aan de Kamers, 9 november 2015",
    ]
    for document in documents:
        assert not document.file
        assert not document.external_url
        assert document.sha256 == ""
        assert document.file_size is None


def test_the_ministers_letter_is_an_other_document_of_9_november_2015(seed_programme):
    letter = seed_programme.documents.get(kind=ToolboxDocument.Kind.PARLIAMENTARY_LETTER)
    assert letter.section == "other"
    assert letter.publication_date == datetime.date(2015, 11, 9)


def test_every_dutch_text_has_an_english_translation(seed_programme):
    translated = [
        (seed_programme, Programme),
        *((o, Objective) for o in seed_programme.objectives.all()),
        *((r, PlannedResult) for r in seed_programme.planned_results.all()),
        *((r, AchievedResult) for r in seed_programme.achieved_results.all()),
        *((d, ToolboxDocument) for d in seed_programme.documents.all()),
    ]
    from modeltranslation.translator import translator

    for instance, model in translated:
        for field in translator.get_options_for_model(model).fields:
            dutch, english = getattr(instance, f"{field}_nl"), getattr(instance, f"{field}_en")
            if dutch:
                assert english, f"{model.__name__}.{field} has no English text"
                assert english != dutch or field == "slug"


def dump() -> list:
    """The archive's rows, without the bookkeeping of when they were last written."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        "programmes",
        "toolbox",
        natural_foreign=True,
        natural_primary=True,
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    for row in rows:
        row["fields"].pop("updated_at", None)
    return rows


def test_loading_it_twice_equals_loading_it_once(seed_programme):
    once = dump()
    call_command("loaddata", "risicos-en-verantwoordelijkheden", verbosity=0)
    assert dump() == once
    assert Programme.objects.count() == 1
    assert Objective.objects.count() == 4


def test_loading_it_again_restores_an_edited_text(seed_programme):
    Objective.objects.filter(programme=seed_programme, position=1).update(name_nl="Iets anders")
    call_command("loaddata", "risicos-en-verantwoordelijkheden", verbosity=0)
    assert Objective.objects.get(programme=seed_programme, position=1).name_nl == "Inzicht"


class TestLoadSeedCommand:
    def test_it_loads_the_seed_into_an_empty_database(self, db):
        call_command("load_seed", verbosity=0)
        assert Programme.objects.filter(slug="risicos-en-verantwoordelijkheden").exists()

    def test_it_leaves_an_editors_changes_alone(self, seed_programme):
        Programme.objects.filter(pk=seed_programme.pk).update(title_nl="Bewerkt")
        call_command("load_seed", stdout=io.StringIO())
        seed_programme.refresh_from_db()
        assert seed_programme.title_nl == "Bewerkt"

    def test_force_reloads_it(self, seed_programme):
        Programme.objects.filter(pk=seed_programme.pk).update(title_nl="Bewerkt")
        call_command("load_seed", force=True, verbosity=0)
        seed_programme.refresh_from_db()
        assert seed_programme.title_nl == "Risico's en verantwoordelijkheden"


class TestProvenance:
    """The note "Verantwoording" says what the archive added to the seed and where it comes
    from (docs/SEED_PROGRAMME.md), in both languages."""

    def test_it_is_stored_sanitised_in_dutch_and_english(self, seed_programme):
        from website.richtext import sanitise_html

        for text in (seed_programme.provenance_nl, seed_programme.provenance_en):
            assert text
            assert sanitise_html(text) == text

    @pytest.mark.parametrize(
        ("language", "facts"),
        [
            ("nl", ["2011–2015", "april 2011", "9 november 2015", "Engelse vertaling",
                    "eerste zin van de inleiding", "niet beschikbaar"]),
            ("en", ["2011–2015", "April 2011", "9 November 2015", "English translation",
                    "first sentence of the introduction", "not available"]),
        ],
    )  # fmt: skip
    def test_it_names_what_was_added_and_what_is_missing(self, seed_programme, language, facts):
        text = text_of(
            BeautifulSoup(getattr(seed_programme, f"provenance_{language}"), "html.parser")
        )
        for fact in facts:
            assert fact in text
