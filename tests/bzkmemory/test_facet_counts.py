"""The facets' counts agree with counting the programmes one by one, for any combination of
choices: the page counts them in a few grouped queries (bzkmemory/facets.py) from what each
programme keeps of its documents, and this counts them from the documents themselves.

Also: what a programme keeps of its documents (the kinds, whether any is online) follows every
kind of write to them."""

import io
import itertools
import random
import re

import pytest
from django.core.management import call_command

from programmes.models import Programme
from tests.factories import ProgrammeFactory, ThemeFactory, ToolboxDocumentFactory
from tests.html import parse, text_of
from toolbox.models import DocumentKind, ToolboxDocument

pytestmark = pytest.mark.django_db

UNITS = ["DGOO", "DGBW", "DGDOO", ""]
THEMES = ["lokaal", "water", "wonen"]
WORDS = ["alfa", "bravo"]


@pytest.fixture
def archive():
    """Thirty programmes with chance periods, units, themes, words and documents (a fixed
    seed: the same archive every run), and two drafts that must never count."""
    chance = random.Random(17)  # noqa: S311 - a fixed archive, not a secret
    themes = {slug: ThemeFactory(slug=slug, name_nl=slug.title()) for slug in THEMES}
    for number in range(32):
        start = chance.randrange(1960, 2020)
        programme = ProgrammeFactory(
            published=number < 30,
            title_nl=f"Programma {number} {chance.choice(WORDS)}",
            start_year=start,
            end_year=start + chance.randrange(0, 25),
            responsible_unit_nl=chance.choice(UNITS),
            responsible_unit_en=chance.choice(["", "Local Government"]),
        )
        programme.themes.add(*chance.sample(list(themes.values()), chance.randrange(0, 3)))
        for position in range(chance.randrange(0, 4)):
            online = chance.choice(["file", "address", None])
            ToolboxDocumentFactory(
                programme=programme,
                position=position + 1,
                kind=chance.choice(DocumentKind.values),
                with_pdf=online == "file",
                external_url="https://example.org/d" if online == "address" else "",
            )


def in_decade(programme, decade) -> bool:
    return programme.end_year >= decade and programme.start_year <= decade + 9


def unit(programme, language):
    own = getattr(programme, f"responsible_unit_{language}") or ""
    return own or programme.responsible_unit_nl or None


def expected_counts(selection: dict, language: str) -> dict[str, dict[str, int]]:
    """Each facet's counts, counted programme by programme from their documents."""
    programmes = []
    for programme in Programme.objects.published().prefetch_related("themes", "documents"):
        documents = list(programme.documents.all())
        programmes.append(
            {
                "theme": {theme.slug for theme in programme.themes.all()},
                "programme": programme,
                "unit": unit(programme, language),
                "kinds": {document.kind for document in documents},
                "digital": any(d.file or d.external_url for d in documents),
                "words": programme.title_nl.split(),
            }
        )

    def meets(item, without=""):
        decade = selection.get("decade")
        return (
            (not selection.get("q") or selection["q"] in item["words"])
            and (without == "theme" or not selection.get("theme") or
                 item["theme"] & set(selection["theme"]))
            and (without == "decade" or decade is None or in_decade(item["programme"], decade))
            and (without == "unit" or not selection.get("unit") or
                 item["unit"] in selection["unit"])
            and (without == "kind" or not selection.get("kind") or
                 item["kinds"] & set(selection["kind"]))
            and (without == "digital" or not selection.get("digital") or item["digital"])
        )  # fmt: skip

    def count(without, where):
        return sum(1 for item in programmes if meets(item, without) and where(item))

    counts = {
        "theme": {slug: count("theme", lambda i, s=slug: s in i["theme"]) for slug in THEMES},
        "unit": {
            value: count("unit", lambda i, v=value: i["unit"] == v)
            for value in {item["unit"] for item in programmes} - {None}
        },
        "kind": {
            kind: count("kind", lambda i, k=kind: k in i["kinds"]) for kind in DocumentKind.values
        },
        "digital": {"1": count("digital", lambda i: i["digital"])},
        "decade": {
            str(decade): count("decade", lambda i, d=decade: in_decade(i["programme"], d))
            for decade in range(1960, 2050, 10)
        },
        "found": {"": count("", lambda i: True)},
    }
    counts["decade"][""] = count("decade", lambda i: True)
    # The page leaves out the values that give nothing (unless chosen).
    chosen = {name: {str(v) for v in values} for name, values in shown_choices(selection)}
    # "All periods" is the choice when no decade is.
    chosen.setdefault("decade", {""})
    return {
        name: {
            value: number
            for value, number in values.items()
            if number or value in chosen.get(name, ()) or name == "found"
        }
        for name, values in counts.items()
    }


def shown_choices(selection):
    for name, values in selection.items():
        if name == "decade":
            yield name, [values]
        elif name == "digital":
            yield name, ["1"]
        elif name != "q":
            yield name, values


def page_counts(client, selection: dict, language: str) -> dict[str, dict[str, int]]:
    address = "/programmas/" if language == "nl" else "/en/programmes/"
    page = parse(client.get(address, selection))
    counts = {}
    for name in ("theme", "unit", "kind", "digital", "decade"):
        counts[name] = {}
        for box in page.select(f'.search-form input[name="{name}"]'):
            label = text_of(page.select_one(f'label[for="{box["id"]}"]'))
            counts[name][box["value"]] = int(label.rsplit("(", 1)[1].rstrip(")"))
    found = re.match(r"(\d+)", text_of(page.select_one(".result-count")))
    counts["found"] = {"": int(found.group(1))}
    return counts


def selections():
    """Each facet alone, and a hundred chance combinations (a fixed seed)."""
    yield {}
    yield from ({"theme": [slug]} for slug in THEMES)
    yield from ({"kind": [kind]} for kind in DocumentKind.values)
    yield from ({"unit": [value]} for value in UNITS if value)
    yield from ({"decade": decade} for decade in (1960, 1990, 2010))
    yield {"digital": "1"}
    chance = random.Random(3)  # noqa: S311
    for _ in range(100):
        selection = {}
        if chance.random() < 0.3:
            selection["q"] = chance.choice(WORDS)
        if chance.random() < 0.5:
            selection["theme"] = chance.sample(THEMES, chance.randrange(1, 3))
        if chance.random() < 0.4:
            selection["decade"] = chance.randrange(1960, 2040, 10)
        if chance.random() < 0.4:
            selection["unit"] = chance.sample(UNITS[:3], chance.randrange(1, 3))
        if chance.random() < 0.5:
            selection["kind"] = chance.sample(DocumentKind.values, chance.randrange(1, 3))
        if chance.random() < 0.3:
            selection["digital"] = "1"
        yield selection


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_facet_counts_what_counting_one_by_one_gives(client, archive, language):
    for selection in itertools.islice(selections(), 60 if language == "en" else None):
        assert page_counts(client, selection, language) == expected_counts(selection, language), (
            selection
        )


class TestWhatAProgrammeKeepsOfItsDocuments:
    def kept(self, programme) -> tuple[set[str], bool]:
        row = Programme.objects.values("document_kind_bits", "has_digital_documents").get(
            pk=programme.pk
        )
        kinds = {
            kind
            for place, kind in enumerate(DocumentKind.values)
            if (row["document_kind_bits"] or 0) & (1 << place)
        }
        return kinds, bool(row["has_digital_documents"])

    def test_nothing_without_documents(self):
        assert self.kept(ProgrammeFactory(published=True)) == (set(), False)

    def test_a_document_added_changed_and_removed(self):
        programme = ProgrammeFactory(published=True)
        document = ToolboxDocumentFactory(programme=programme, kind="guide")
        assert self.kept(programme) == ({"guide"}, False)
        document.kind = "parliamentary_letter"
        document.external_url = "https://example.org/brief"
        document.save()
        assert self.kept(programme) == ({"parliamentary_letter"}, True)
        document.delete()
        assert self.kept(programme) == (set(), False)

    def test_a_file_uploaded_and_taken_away(self):
        programme = ProgrammeFactory(published=True)
        document = ToolboxDocumentFactory(programme=programme, kind="other", with_pdf=True)
        assert self.kept(programme) == ({"other"}, True)
        ToolboxDocumentFactory(programme=programme, kind="guide")
        document.delete()
        assert self.kept(programme) == ({"guide"}, False)

    def test_a_bulk_update_is_followed_by_the_rebuild(self):
        programme = ProgrammeFactory(published=True)
        ToolboxDocumentFactory(programme=programme, kind="guide")
        # A bulk update sends no signals; rebuilding the search index derives everything.
        ToolboxDocument.objects.update(kind="knowledge_document")
        call_command("rebuild_search_index", stdout=io.StringIO())
        assert self.kept(programme) == ({"knowledge_document"}, False)

    def test_the_migration_and_the_refresh_agree_on_the_bits(self):
        from importlib import import_module

        migration = import_module("programmes.migrations.0015_facet_columns")
        assert tuple(DocumentKind.values) == migration.KINDS
