"""Folding text for search (lower case, no accents) gives what decomposing the whole text and
dropping every combining mark gives, whatever the text: it only takes a shorter way."""

import random
import unicodedata

import pytest

from publishing.search import fold
from tests.seed import SEED_PAGE


def folded_the_long_way(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def chance_texts():
    chance = random.Random(7)  # noqa: S311 - a fixed series, not a secret
    ranges = [(32, 127), (0xA0, 0x2FFF), (0x300, 0x370), (0xFB00, 0xFB07), (0xFF01, 0xFF5E)]
    for _ in range(500):
        yield "".join(
            chr(chance.randrange(*chance.choice(ranges))) for _ in range(chance.randrange(1, 40))
        )


@pytest.mark.parametrize(
    "text",
    [
        "Geïntroduceerd",
        "CAFÉ café e\u0301 x\u0308y",  # precomposed and combining accents
        "ﬁets Straße İstanbul Ǆ ½ ①",  # compatibility forms, case mappings that grow
        "plain ascii",
        "",
    ],
)
def test_examples(text):
    assert fold(text) == folded_the_long_way(text)


def test_the_seed_page_and_chance_texts():
    texts = [SEED_PAGE.read_text(encoding="utf-8"), *chance_texts()]
    assert [fold(text) for text in texts] == [folded_the_long_way(text) for text in texts]


def test_accents_and_case_are_folded():
    assert fold("Geïntroduceerd ÉÉN") == "geintroduceerd een"
