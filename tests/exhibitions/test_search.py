"""One search for the whole archive: the programme index lists the exhibitions matching the same
words and period above the programmes, in Dutch and English."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bzkmemory import listing
from exhibitions.models import Exhibition
from publishing.changes import search_refresh_deferred
from tests.factories import (
    CuratorFactory,
    ExhibitionFactory,
    ProgrammeFactory,
    TimelineItemFactory,
)
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db


def exhibition_titles(response) -> list[str]:
    section = parse(response).select_one(".index-results__exhibitions")
    return [text_of(a) for a in section.select("h3 a")] if section else []


def programme_titles(response) -> list[str]:
    return [
        text_of(a)
        for a in parse(response).select(
            ".programme-list__item:not(.exhibition-list__item) .programme-list__title a"
        )
    ]


def status(response) -> str:
    return text_of(parse(response).select_one('[role="status"]'))


@pytest.fixture
def democracy():
    exhibition = ExhibitionFactory(
        published=True,
        slug="lokale-democratie",
        title_nl="Lokale democratie",
        title_en="Local democracy",
        curator=CuratorFactory(name="Ien Dales"),
    )
    TimelineItemFactory(
        exhibition=exhibition,
        date=datetime.date(1965, 3, 1),
        title_nl="Gemeentelijke herindeling",
        title_en="Municipal reorganisation",
        text_nl="<p>Kleine gemeenten werden samengevoegd.</p>",
        text_en="<p>Small municipalities were merged.</p>",
    )
    TimelineItemFactory(exhibition=exhibition, date=datetime.date(2002, 3, 7))
    return exhibition


class TestSearchFindsExhibitions:
    @pytest.mark.parametrize(
        ("address", "query"),
        [
            ("/programmas/", "democratie"),  # the title
            ("/programmas/", "herindeling"),  # an item's title
            ("/programmas/", "samengevoegd"),  # an item's text
            ("/programmas/", "dales"),  # the curator
            ("/en/programmes/", "municipalities merged"),  # English text
        ],
    )
    def test_by_any_text_it_shows(self, client, democracy, address, query):
        response = client.get(address, {"q": query})
        assert exhibition_titles(response) in (["Lokale democratie"], ["Local democracy"])

    def test_next_to_the_programmes_found_with_both_counts(self, client, democracy):
        ProgrammeFactory(published=True, title_nl="Democratie in de wijk")
        ProgrammeFactory(published=True, title_nl="Iets anders")
        response = client.get("/programmas/", {"q": "democratie"})
        assert exhibition_titles(response) == ["Lokale democratie"]
        assert programme_titles(response) == ["Democratie in de wijk"]
        assert "1 programma gevonden" in status(response)
        assert "1 tentoonstelling gevonden" in status(response)

    def test_an_exhibition_found_when_no_programme_is(self, client, democracy):
        ProgrammeFactory(published=True, title_nl="Iets anders")
        response = client.get("/programmas/", {"q": "herindeling"})
        assert exhibition_titles(response) == ["Lokale democratie"]
        assert programme_titles(response) == []
        assert "Geen programma's" in text_of(parse(response).select_one(".index-results"))

    def test_drafts_and_withdrawn_exhibitions_are_never_found(self, client, democracy):
        ExhibitionFactory(title_nl="Democratie in concept")
        response = client.get("/programmas/", {"q": "democratie"})
        assert exhibition_titles(response) == ["Lokale democratie"]

    def test_words_that_match_nothing_show_no_exhibitions(self, client, democracy):
        response = client.get("/programmas/", {"q": "zeppelin"})
        assert parse(response).select_one(".index-results__exhibitions") is None

    def test_an_edited_item_is_found_by_its_new_words(self, client, democracy):
        item = democracy.items.first()
        item.title_nl = "Gemeentelijke fusies"
        item.save()
        assert exhibition_titles(client.get("/programmas/", {"q": "fusies"})) == [
            "Lokale democratie"
        ]
        assert exhibition_titles(client.get("/programmas/", {"q": "herindeling"})) == []

    def test_a_renamed_curator_is_found_by_the_new_name(self, client, democracy):
        curator = democracy.curator
        curator.name = "Hans Wiegel"
        curator.save()
        assert exhibition_titles(client.get("/programmas/", {"q": "wiegel"})) == [
            "Lokale democratie"
        ]

    def test_rebuilding_the_index_restores_lost_columns(self, client, democracy):
        Exhibition.objects.update(search_text="", search_vector=None)
        assert exhibition_titles(client.get("/programmas/", {"q": "democratie"})) == []
        call_command("rebuild_search_index")
        assert exhibition_titles(client.get("/programmas/", {"q": "democratie"})) == [
            "Lokale democratie"
        ]


class TestTheIndexPresentsBoth:
    def test_without_a_search_every_published_exhibition_is_beside_the_programmes(
        self, client, democracy
    ):
        ExhibitionFactory(published=True, title_nl="Bestuur en burger")
        ExhibitionFactory(title_nl="Concept")
        ProgrammeFactory(published=True, title_nl="Een programma")
        page = parse(client.get("/programmas/"))
        headings = [text_of(h) for h in page.select(".index-results h2")]
        assert headings == ["Tentoonstellingen", "Programma's"]
        assert [text_of(a) for a in page.select(".index-results__exhibitions h3 a")] == [
            "Bestuur en burger",
            "Lokale democratie",
        ]
        assert [text_of(a) for a in page.select(".index-results__programmes h3 a")] == [
            "Een programma"
        ]

    def test_the_period_filters_apply_to_the_timeline(self, client, democracy):
        ExhibitionFactory(published=True, title_nl="Oud")  # no items, so no period
        early = ExhibitionFactory(published=True, title_nl="Negentiende eeuw")
        TimelineItemFactory(exhibition=early, date=datetime.date(1851, 6, 29))
        assert exhibition_titles(client.get("/programmas/", {"decade": "1960"})) == [
            "Lokale democratie"
        ]
        assert exhibition_titles(
            client.get("/programmas/", {"year_from": "1800", "year_to": "1900"})
        ) == ["Negentiende eeuw"]
        # A period spanning 1965–2002 overlaps the 1980s, though no item is dated in them.
        assert exhibition_titles(client.get("/programmas/", {"decade": "1980"})) == [
            "Lokale democratie"
        ]

    def test_only_the_first_page_repeats_the_exhibitions(self, client, democracy):
        ProgrammeFactory.create_batch(25, published=True)
        assert exhibition_titles(client.get("/programmas/")) == ["Lokale democratie"]
        assert exhibition_titles(client.get("/programmas/", {"page": "2"})) == []

    def test_english(self, client, democracy):
        page = parse(client.get("/en/programmes/"))
        assert [text_of(h) for h in page.select(".index-results h2")] == [
            "Exhibitions",
            "Programmes",
        ]
        link = page.select_one(".index-results__exhibitions h3 a")
        assert (text_of(link), link["href"]) == (
            "Local democracy",
            "/en/exhibitions/lokale-democratie/",
        )

    def test_a_new_exhibition_shows_on_the_cached_index_at_once(self, client, democracy):
        client.get("/programmas/")  # cached now
        ExhibitionFactory(published=True, title_nl="Gloednieuw")
        assert "Gloednieuw" in exhibition_titles(client.get("/programmas/"))

    def test_costs_the_same_queries_whatever_the_number_of_exhibitions(self, client):
        def cost() -> int:
            cache.clear()
            listing.forget()  # read afresh each time, as after any change to the archive
            with CaptureQueriesContext(connection) as captured:
                client.get("/programmas/", {"q": "tentoonstelling", "sort": "newest"})
            return len(captured)

        ProgrammeFactory.create_batch(
            3, published=True, title_nl="Programma over een tentoonstelling"
        )
        TimelineItemFactory(
            exhibition=ExhibitionFactory(published=True), date=datetime.date(1955, 1, 1)
        )
        one = cost()
        for _ in range(12):
            exhibition = ExhibitionFactory(published=True)
            TimelineItemFactory.create_batch(
                5, exhibition=exhibition, date=datetime.date(1955, 1, 1)
            )
        assert len(exhibition_titles(client.get("/programmas/", {"q": "tentoonstelling"}))) == 13
        # As tests/bzkmemory/test_index.py counts them, with the exhibitions' themes and
        # timeline items (for their excerpts) and the documents found (their number, the best).
        assert one == cost()
        assert one <= 22


def test_bulk_writes_refresh_an_exhibition_once_when_they_end(democracy):
    # As an archive import does: dozens of items, one refresh of the search columns.
    before = Exhibition.objects.get(pk=democracy.pk).updated_at
    with transaction.atomic(), search_refresh_deferred():
        for number in range(5):
            TimelineItemFactory(exhibition=democracy, title_nl=f"Bijgekomen{number}")
        assert "bijgekomen0" not in Exhibition.objects.get(pk=democracy.pk).search_text
    after = Exhibition.objects.get(pk=democracy.pk)
    assert "bijgekomen0" in after.search_text
    assert "bijgekomen4" in after.search_text
    assert after.updated_at > before
