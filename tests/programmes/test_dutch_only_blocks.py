"""A programme published without some English: the English page shows the Dutch text, marked."""

import pytest
from django.test import Client

from tests.factories import AchievedResultFactory, ProgrammeFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_the_english_page_marks_each_dutch_only_block_in_english():
    programme = ProgrammeFactory(published=True, slug="half", introduction_en="")
    AchievedResultFactory(programme=programme, position=1, text_nl="<p>Bereikt.</p>", text_en="")
    page = parse(Client().get("/en/programmes/half/"))
    notices = page.select(".dutch-only")
    assert len(notices) == 2
    for notice in notices:
        assert "not available in English" in notice.get_text()
        assert notice.find_parent(attrs={"lang": "nl"}) is None
        block = notice.find_next_sibling()
        assert block.get("lang") == "nl"
    assert "Inleiding van het programma." in notices[0].find_next_sibling().get_text()


def test_the_dutch_page_and_a_complete_english_page_have_no_notice():
    ProgrammeFactory(published=True, slug="heel")
    assert not parse(Client().get("/programmas/heel/")).select(".dutch-only")
    assert not parse(Client().get("/en/programmes/heel/")).select(".dutch-only")
