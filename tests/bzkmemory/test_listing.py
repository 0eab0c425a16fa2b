"""The index's pages list the programmes in the order the database itself gives: the page
counts and orders what a search found from a listing of the archive it keeps per stamp
(bzkmemory/listing.py), and these tests order the same programmes in one query each and compare
every page, for every sort, in both languages, for words found in many programmes (a page is
taken by walking the order) and in a few (a page is sorted from those found)."""

import math
import random

import pytest
from django.db.models.functions import Coalesce
from django.utils import translation

from bzkmemory.views import PAGE_SIZE
from programmes.models import Programme
from publishing.search import search
from publishing.services import withdraw
from tests.factories import ProgrammeFactory
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

WORDS = ["alfa", "bravo", "delta"]
SORTS = {
    "newest": ("-end_year", "-start_year", "title", "pk"),
    "oldest": ("start_year", "end_year", "title", "pk"),
}


@pytest.fixture
def archive():
    """Sixty-three programmes with chance words in the title, the summary (the head) or the
    body, chance periods, some titles in English only in Dutch, and two that are not public."""
    chance = random.Random(5)  # noqa: S311 - a fixed archive, not a secret
    for number in range(65):
        title_words = chance.sample(WORDS, chance.randrange(0, 2))
        summary_words = chance.sample(WORDS, chance.randrange(0, 3))
        start = chance.randrange(1970, 2020)
        ProgrammeFactory(
            published=number < 63,
            title_nl=" ".join([f"Programma {chance.randrange(100, 999)}-{number}", *title_words]),
            title_en=chance.choice(["", " ".join([f"Programme {number}", *title_words])]),
            summary_nl=f"Samenvatting {' '.join(summary_words)}.",
            introduction_nl=f"<p>Inleiding {chance.choice(WORDS)}"
            + (" charlie" if number % 21 == 0 else "")
            + "</p>",
            start_year=start,
            end_year=start + chance.randrange(0, 12),
        )


def shown(client, language: str, parameters: dict) -> list[str]:
    """The titles of the programmes found, over every page, as the pages show them."""
    index = "/programmas/" if language == "nl" else "/en/programmes/"
    first = parse(client.get(index, parameters))
    total = int(text_of(first.select_one('[role="status"]')).split()[0])
    titles = []
    for number in range(1, math.ceil(total / PAGE_SIZE) + 1):
        page = parse(client.get(index, {**parameters, "page": str(number)}))
        items = page.select(".programme-list__title a")
        titles += [text_of(item) for item in items]
    return titles


def expected(language: str, query: str, sort: str) -> list[str]:
    """The same programmes, ordered in one query as the index ordered them before it kept a
    listing."""
    with translation.override(language):
        programmes = Programme.objects.published()
        if query:
            programmes = search(programmes, query)
        title = Coalesce(f"title_{language}", "title_nl") if language != "nl" else "title_nl"
        if sort == "relevance":
            ordered = programmes.order_by("-rank", title, "pk")
        elif sort == "title":
            ordered = programmes.in_title_order()
        else:
            ordered = programmes.order_by(*SORTS[sort])
        return [programme.title for programme in ordered]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("query", ["alfa", "alfa bravo", "programma", "charlie", ""])
@pytest.mark.parametrize("sort", ["relevance", "title", "newest", "oldest"])
def test_every_page_lists_what_the_database_orders(client, archive, language, query, sort):
    if sort == "relevance" and not query:
        pytest.skip("relevance orders search results only")
    want = expected(language, query, sort)
    assert want, "every query finds something"
    assert shown(client, language, {"q": query, "sort": sort}) == want


def test_both_ways_of_taking_a_page_are_met(archive):
    """Words in many programmes take the walk, words in a few the sort (WALK_FROM)."""
    from bzkmemory.listing import WALK_FROM

    published = Programme.objects.published().count()
    assert len(expected("nl", "charlie", "title")) < published * WALK_FROM
    assert len(expected("nl", "alfa", "title")) > published * WALK_FROM


def test_the_listing_follows_every_change_at_once(client, archive):
    shown(client, "nl", {"q": "charlie"})  # the listing of this archive is kept now
    new = ProgrammeFactory(published=True, title_nl="Nieuw charlie-programma")
    assert "Nieuw charlie-programma" in shown(client, "nl", {"q": "charlie"})
    withdraw(item=new)
    assert "Nieuw charlie-programma" not in shown(client, "nl", {"q": "charlie"})
    assert shown(client, "nl", {"q": "charlie"}) == expected("nl", "charlie", "title")


def test_a_listing_read_before_a_change_still_gives_whole_pages(archive):
    """A request that read the stamp before a change may ask for an order after it: the
    programmes of its listing are all in the order, those gone since at the end."""
    from bzkmemory.listing import Found, listing

    kept = listing("a stamp", "nl")
    gone = Programme.objects.published().order_by("pk").first()
    # Unpublished behind the listing's back (update() writes no archive change).
    Programme.objects.filter(pk=gone.pk).update(status=Programme.Status.DRAFT)
    order, _place = kept.order("newest")
    assert set(order) == kept.ids
    assert order[-1] == gone.pk
    pages = Found(kept, [set(kept.ids)], "newest")
    assert list(pages) == order
