"""The search core on each database's own full-text index (publishing/search.py): the same
matches and the same ranking on SQLite (FTS5) and PostgreSQL (GIN), the index kept in step with
every kind of write, and queries that never reach the engine as syntax."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from programmes.models import Programme
from programmes.search import refresh_search_index
from publishing.changes import refresh_search, search_refresh_deferred
from publishing.search import search
from tests.factories import ObjectiveFactory, ProgrammeFactory, ToolboxDocumentFactory
from toolbox.models import ToolboxDocument

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    """The slugs of the published programmes ``query`` finds, best first (as the index)."""
    results = search(Programme.objects.published(), query).order_by("-rank", "title", "pk")
    return [programme.slug for programme in results]


def index_entries(table: str = "programmes_programme") -> set[int]:
    """The ids the SQLite full-text index has an entry for."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table}_fts")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'")


@pytest.fixture
def corpus(db) -> None:
    """Programmes whose words sit in the title, the summary (the head), the body or a part."""
    ProgrammeFactory(
        published=True,
        slug="in-title",
        title_nl="Regelreflex en toezicht",
        title_en="Regulation reflex and supervision",
    )
    ProgrammeFactory(
        published=True,
        slug="in-summary",
        title_nl="Adviesraad over veiligheid",
        summary_nl="Over de regelreflex van het openbaar bestuur.",
    )
    ProgrammeFactory(
        published=True,
        slug="in-body",
        title_nl="Bestuurlijke vernieuwing",
        introduction_nl="<p>Hoe de regelreflex ontstaat na incidenten.</p>",
    )
    in_part = ProgrammeFactory(published=True, slug="in-objective", title_nl="Burgerparticipatie")
    ObjectiveFactory(programme=in_part, description_nl="Minder regelreflex in gemeenten.")
    ProgrammeFactory(
        published=True, slug="unrelated", title_nl="Woningbouw", summary_nl="Huizen bouwen."
    )
    ProgrammeFactory(slug="draft-with-the-word", title_nl="Regelreflex in concept")


class TestRankingIsTheSameOnEveryDatabase:
    """These expected lists hold on SQLite and on PostgreSQL alike (the suite runs on both)."""

    def test_title_matches_first_then_the_summary_then_the_rest_by_title(self, corpus):
        assert found("regelreflex") == ["in-title", "in-summary", "in-body", "in-objective"]

    def test_every_word_must_match(self, corpus):
        assert found("regelreflex incidenten") == ["in-body"]
        assert found("regelreflex woningbouw") == []

    def test_a_word_matches_the_beginning_of_a_word(self, corpus):
        assert found("regelrefl") == ["in-title", "in-summary", "in-body", "in-objective"]
        # Not the middle of a word: "reflex" is not how "regelreflex" begins.
        assert "in-body" not in found("reflex")

    def test_a_word_in_the_title_and_another_in_the_summary_rank_as_the_head(self, corpus):
        ProgrammeFactory(
            published=True,
            slug="title-and-summary",
            title_nl="Toezicht op gemeenten",
            summary_nl="Een evaluatie van de regelreflex.",
        )
        assert found("regelreflex evaluatie") == ["title-and-summary"]
        assert found("toezicht regelreflex") == ["in-title", "title-and-summary"]

    def test_case_and_accents_do_not_decide_a_match(self, corpus):
        ProgrammeFactory(published=True, slug="accents", title_nl="Geïntroduceerde Coördinatie")
        assert found("GEINTRODUCEERDE coordinatie") == ["accents"]
        assert found("coördinatie") == ["accents"]

    def test_english_texts_are_searched_too(self, corpus):
        assert found("supervision") == ["in-title"]

    def test_documents_rank_title_matches_first(self, corpus):
        programme = Programme.objects.get(slug="unrelated")
        ToolboxDocumentFactory(
            programme=programme, key="b", title_nl="Brief", description_nl="Over toezicht."
        )
        ToolboxDocumentFactory(programme=programme, key="a", title_nl="Toezichtkader")
        ToolboxDocumentFactory(programme=programme, key="c", title_nl="Nota over woningen")
        documents = ToolboxDocument.objects.matching("toezicht").order_by("-rank", "title", "pk")
        assert [document.key for document in documents] == ["a", "b"]


class TestTheSeedIsFound:
    @pytest.mark.parametrize(
        "query", ["regelreflex", "risico-regelreflex", "risk-regulation reflex"]
    )
    def test_by_each_way_of_writing_the_reflex(self, seed_programme, query):
        assert seed_programme.slug in found(query)


class TestTheIndexFollowsEveryWrite:
    def test_a_saved_title_is_found_and_the_old_one_no_longer(self, corpus):
        programme = Programme.objects.get(slug="unrelated")
        programme.title_nl = "Stadsvernieuwing"
        programme.save()
        assert found("stadsvernieuwing") == ["unrelated"]
        assert found("woningbouw") == []

    def test_a_saved_part_is_found(self, corpus):
        ObjectiveFactory(
            programme=Programme.objects.get(slug="unrelated"), description_nl="Dijkversterking."
        )
        assert found("dijkversterking") == ["unrelated"]

    def test_a_bulk_update_followed_by_a_refresh_is_found(self, corpus):
        Programme.objects.filter(slug="unrelated").update(title_nl="Waterbeheer")
        refresh_search(
            Programme, Programme.objects.filter(slug="unrelated").values_list("pk", flat=True)
        )
        assert found("waterbeheer") == ["unrelated"]

    def test_rows_written_in_bulk_are_found_once_refreshed(self, db):
        created = Programme.objects.bulk_create(
            [
                Programme(
                    slug=f"bulk-{n}",
                    title_nl=f"Bulkprogramma {n}",
                    start_year=2000,
                    end_year=2001,
                    status="published",
                    published_at="2020-01-01T00:00:00Z",
                )
                for n in range(3)
            ]
        )
        assert found("bulkprogramma") == []  # not yet searchable, on either database
        refresh_search_index(programme.pk for programme in created)
        assert found("bulkprogramma") == ["bulk-0", "bulk-1", "bulk-2"]

    def test_a_deleted_programme_leaves_the_index(self, corpus):
        programme = Programme.objects.get(slug="in-title")
        programme.delete()
        assert "in-title" not in found("regelreflex")
        if connection.vendor == "sqlite":
            assert programme.pk not in index_entries()

    def test_an_import_refreshes_once_at_the_end(self, db):
        with transaction.atomic(), search_refresh_deferred():
            programme = ProgrammeFactory(published=True, slug="imported", title_nl="Geimporteerd")
            ObjectiveFactory(programme=programme, description_nl="Archiefvorming.")
        assert found("archiefvorming") == ["imported"]

    def test_rebuilding_restores_a_lost_index(self, corpus):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER programmes_programme_fts_update")
                cursor.execute("DELETE FROM programmes_programme_fts")
        else:
            Programme.objects.update(search_vector=None)
        assert found("regelreflex") == []
        call_command("rebuild_search_index", verbosity=0)
        assert found("regelreflex") == ["in-title", "in-summary", "in-body", "in-objective"]
        # The trigger is back: the next save is followed again.
        programme = Programme.objects.get(slug="unrelated")
        programme.title_nl = "Kustverdediging"
        programme.save()
        assert found("kustverdediging") == ["unrelated"]

    @sqlite_only
    def test_cleared_search_columns_take_the_entry_away(self, corpus):
        Programme.objects.update(search_text="")
        assert index_entries() == set()
        assert found("regelreflex") == []


HOSTILE = [
    '"',
    '"regelreflex',
    "regelreflex NEAR(toezicht)",
    "NEAR(regelreflex toezicht, 2)",
    "*",
    "regel*",
    "^regelreflex",
    "title:regelreflex",
    "{title}: regelreflex",
    "(regelreflex",
    "regelreflex)",
    "regelreflex AND OR NOT",
    "regel\x00reflex",
    "'; DROP TABLE programmes_programme; --",
    "x" * 250,
    "regelreflex " * 40,
    "-",
    "::*:A & | !",
]


class TestHostileQueries:
    @pytest.mark.parametrize("query", HOSTILE)
    def test_never_raise(self, corpus, query):
        found(query)
        list(ToolboxDocument.objects.matching(query))

    @pytest.mark.parametrize("query", HOSTILE)
    def test_the_index_page_answers_normally(self, client, corpus, query):
        assert client.get("/programmas/", {"q": query[:200]}).status_code == 200

    def test_operators_are_words_like_any_other(self, corpus):
        # The quote, the star, the caret and the column name are not syntax: only the words.
        assert found('"regelreflex"*') == found("regelreflex")
        assert found("^regelreflex") == found("regelreflex")
        assert found("title:regelreflex") == []  # "title" is a word no programme has
