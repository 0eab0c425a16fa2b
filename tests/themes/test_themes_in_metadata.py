"""Themes wherever the archive describes its items to machines: the sitemap, JSON-LD (``about``),
open data (JSON and CSV), OAI-PMH Dublin Core (``dc:subject``) and MDTO (``trefwoord``)."""

import csv
import io
import json
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from openmetadata import mdto
from openmetadata.schemas import mdto_schema, validation_errors
from tests.factories import ExhibitionFactory, ProgrammeFactory, ThemeFactory
from tests.html import parse
from tests.openmetadata.oai_client import oai
from website.public_urls import absolute_url

pytestmark = pytest.mark.django_db

REPOSITORY = "oai:geheugenvanbzk.nl"


@pytest.fixture
def theme():
    return ThemeFactory(slug="wonen", name_nl="Wonen", name_en="Housing")


@pytest.fixture
def programme(theme):
    programme = ProgrammeFactory(published=True, slug="bouwen")
    programme.themes.add(
        theme, ThemeFactory(slug="veiligheid", name_nl="Veiligheid", name_en="Safety")
    )
    return programme


@pytest.fixture
def exhibition(theme):
    exhibition = ExhibitionFactory(published=True, slug="wijken")
    exhibition.themes.add(theme)
    return exhibition


def json_ld(response) -> dict:
    script = parse(response).select_one('script[type="application/ld+json"]')
    return json.loads(script.string)


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")


class TestSitemap:
    def test_lists_the_themes_in_use_and_their_index_in_both_languages(
        self, client, programme, theme
    ):
        ThemeFactory(slug="ongebruikt")
        body = client.get("/sitemap.xml").content.decode()
        assert f"http://testserver{theme.get_absolute_url()}" in body
        assert "http://testserver/en/themes/wonen/" in body
        assert f"http://testserver{reverse('themes:index')}" in body
        assert "ongebruikt" not in body


class TestJSONLD:
    def test_a_programme_is_about_its_themes(self, client, programme):
        data = json_ld(client.get(programme.get_absolute_url()))
        about = {term["name"]: term for term in data["about"]}
        assert about["Wonen"]["@type"] == "DefinedTerm"
        assert about["Wonen"]["url"].endswith(reverse("themes:detail", kwargs={"slug": "wonen"}))
        english = json_ld(client.get("/en/programmes/bouwen/"))
        assert "Housing" in [term["name"] for term in english["about"]]

    def test_an_exhibition_is_about_its_themes(self, client, exhibition):
        data = json_ld(client.get(exhibition.get_absolute_url()))
        assert [term["name"] for term in data["about"]] == ["Wonen"]

    def test_without_themes_there_is_no_about(self, client):
        programme = ProgrammeFactory(published=True)
        assert "about" not in json_ld(client.get(programme.get_absolute_url()))


class TestOpenData:
    def test_the_json_names_each_programmes_themes(self, client, programme):
        data = json.loads(streamed(client.get("/en/open-data/programmes.json")))
        (item,) = data["programmes"]
        assert sorted(theme["slug"] for theme in item["themes"]) == ["veiligheid", "wonen"]
        housing = next(theme for theme in item["themes"] if theme["slug"] == "wonen")
        assert housing["name"] == "Housing"
        assert housing["url"].endswith("/en/themes/wonen/")

    def test_the_csv_has_a_themes_column_neutralised_like_every_cell(self, client, programme):
        rows = list(csv.DictReader(io.StringIO(streamed(client.get("/open-data/programmas.csv")))))
        assert sorted(rows[0]["themes"].split("; ")) == ["Veiligheid", "Wonen"]

    def test_a_theme_name_that_looks_like_a_formula_is_neutralised(self, client):
        programme = ProgrammeFactory(published=True)
        programme.themes.add(ThemeFactory(name_nl="=HYPERLINK(1)"))
        rows = list(csv.DictReader(io.StringIO(streamed(client.get("/open-data/programmas.csv")))))
        assert not rows[0]["themes"].startswith("=")

    def test_exhibitions_carry_their_themes_too(self, client, exhibition):
        data = json.loads(streamed(client.get("/open-data/tentoonstellingen.json")))
        assert [theme["slug"] for theme in data["exhibitions"][0]["themes"]] == ["wonen"]
        rows = list(
            csv.DictReader(io.StringIO(streamed(client.get("/open-data/tentoonstellingen.csv"))))
        )
        assert rows[0]["themes"] == "Wonen"


class TestOAIPMH:
    def test_each_theme_is_a_dc_subject_in_both_languages(self, client, programme):
        answer = oai(
            client,
            {
                "verb": "GetRecord",
                "identifier": f"{REPOSITORY}:programme/bouwen",
                "metadataPrefix": "oai_dc",
            },
        )
        assert sorted(answer.all("//dc:subject[@xml:lang='nl']/text()")) == ["Veiligheid", "Wonen"]
        assert sorted(answer.all("//dc:subject[@xml:lang='en']/text()")) == ["Housing", "Safety"]

    def test_an_exhibitions_themes_are_dc_subjects(self, client, exhibition):
        answer = oai(
            client,
            {
                "verb": "GetRecord",
                "identifier": f"{REPOSITORY}:exhibition/wijken",
                "metadataPrefix": "oai_dc",
            },
        )
        assert answer.all("//dc:subject[@xml:lang='nl']/text()") == ["Wonen"]

    def test_a_page_of_records_costs_the_same_for_3_or_23_programmes(self, client, theme):
        for _ in range(3):
            ProgrammeFactory(published=True).themes.add(theme)
        arguments = {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "programmes"}
        with CaptureQueriesContext(connection) as small:
            oai(client, arguments)
        for _ in range(20):
            ProgrammeFactory(published=True).themes.add(theme)
        with CaptureQueriesContext(connection) as large:
            oai(client, arguments)
        assert len(small) == len(large)


class TestMDTO:
    def test_each_theme_is_a_trefwoord_and_the_record_is_valid(self, programme, exhibition):
        url = partial(absolute_url, base_url="https://geheugen.example.nl")
        for record in (
            mdto.programme_record(programme, absolute_url=url),
            mdto.exhibition_record(exhibition, absolute_url=url),
        ):
            assert validation_errors(mdto_schema(), mdto.serialize(record)) == []
        ns = {"m": mdto.NAMESPACE}
        record = mdto.programme_record(programme, absolute_url=url)
        keywords = record.xpath("//m:informatieobject/m:trefwoord/text()", namespaces=ns)
        assert sorted(keywords) == ["Veiligheid", "Wonen"]
        assert isinstance(record, etree._Element)
