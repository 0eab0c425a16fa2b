"""Open data: every published programme as JSON and CSV, equal to what the pages show."""

import csv
import html
import io
import json
import re

import pytest
from django.http import StreamingHttpResponse

from openmetadata.open_data import CSV_COLUMNS
from publishing import services
from tests.conftest import SEED_SLUG
from tests.factories import (
    AchievedResultFactory,
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
)
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

DUTCH_JSON = "/open-data/programmas.json"
ENGLISH_JSON = "/en/open-data/programmes.json"
DUTCH_CSV = "/open-data/programmas.csv"
ENGLISH_CSV = "/en/open-data/programmes.csv"


def read_json(client, url: str = DUTCH_JSON, **headers) -> dict:
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(b"".join(response.streaming_content))


def read_csv(client, url: str = DUTCH_CSV) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def normalised(text: str) -> str:
    """Text as a reader meets it: tags and entities gone, blocks apart, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split()).replace(" :", ":")


class TestJSON:
    def test_lists_published_programmes_only(self, client):
        public = ProgrammeFactory(published=True, slug="openbaar")
        ProgrammeFactory(slug="concept")
        services.withdraw(item=ProgrammeFactory(published=True, slug="ingetrokken"))
        data = read_json(client)
        assert [p["slug"] for p in data["programmes"]] == [public.slug]

    def test_carries_the_licence_from_settings(self, client, settings):
        settings.METADATA_LICENCE_NAME = "CC BY 4.0"
        settings.METADATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
        data = read_json(client)
        assert data["licence"] == {
            "name": "CC BY 4.0",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        }

    def test_is_streamed(self, client):
        ProgrammeFactory(published=True)
        assert isinstance(client.get(DUTCH_JSON), StreamingHttpResponse)

    def test_the_seed_programme_equals_its_page(self, client, seed_programme):
        (data,) = read_json(client)["programmes"]
        page = parse(client.get(f"/programmas/{SEED_SLUG}/"))
        main = normalised(text_of(page.main))
        assert data["url"] == f"http://testserver/programmas/{SEED_SLUG}/"
        assert data["title"] == text_of(page.h1)
        assert f"{data['start_year']}–{data['end_year']}" in main
        texts = [data["objectives_introduction"], normalised(data["introduction_html"])]
        texts += [f"{o['name']}: {o['description']}" for o in data["objectives"]]
        texts += [r["text"] for r in data["planned_results"]]
        texts += [r["text"] for r in data["achieved_results"]]
        texts += [r["heading"] for r in data["achieved_results"] if r["heading"]]
        texts += [normalised(data["intended_effect_html"])]
        texts += [d["title"] for d in data["documents"]]
        for text in texts:
            assert normalised(text) in main, text
        assert [o["name"] for o in data["objectives"]] == [
            o.name for o in seed_programme.objectives.all()
        ]
        assert len(data["documents"]) == seed_programme.documents.count()

    def test_documents_carry_their_checksums_and_addresses(self, client):
        programme = ProgrammeFactory(published=True, slug="p")
        with_file = ToolboxDocumentFactory(programme=programme, with_pdf=True)
        ToolboxDocumentFactory(programme=programme, external_url="https://example.org/plan")
        ToolboxDocumentFactory(programme=programme)
        (data,) = read_json(client)["programmes"]
        first, external, missing = data["documents"]
        assert first["sha256"] == with_file.sha256
        assert len(first["sha256"]) == 64
        assert first["size_bytes"] == with_file.file_size
        assert first["availability"] == "file"
        assert first["url"] == f"http://testserver{with_file.public_url}"
        assert client.get(with_file.public_url).status_code == 200
        assert (external["availability"], external["url"], external["sha256"]) == (
            "external",
            "https://example.org/plan",
            None,
        )
        assert (missing["availability"], missing["url"]) == ("not_digital", None)

    def test_english_has_english_texts_and_addresses(self, client):
        programme = ProgrammeFactory(published=True, slug="p", title_en="English title")
        ObjectiveFactory(programme=programme, name_en="Insight")
        ProgrammeFactory(published=True, slug="q", title_en="")
        data = read_json(client, ENGLISH_JSON)
        assert data["language"] == "en"
        english, untranslated = data["programmes"]
        assert english["title"] == "English title"
        assert english["url"] == "http://testserver/en/programmes/p/"
        assert english["objectives"][0]["name"] == "Insight"
        assert untranslated["title"] == "Programma" + untranslated["title"].removeprefix(
            "Programma"
        )
        page = parse(client.get("/en/programmes/q/"))
        assert untranslated["title"] == text_of(page.h1)

    def test_answers_not_modified_until_something_changes(self, client):
        programme = ProgrammeFactory(published=True)
        first = client.get(DUTCH_JSON)
        assert first["ETag"]
        assert first["Last-Modified"]
        again = client.get(DUTCH_JSON, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        programme.summary_nl = "Anders."
        programme.save()
        changed = client.get(DUTCH_JSON, HTTP_IF_NONE_MATCH=first["ETag"])
        assert changed.status_code == 200
        assert changed["ETag"] != first["ETag"]

    def test_each_language_and_format_has_its_own_etag(self, client):
        ProgrammeFactory(published=True)
        etags = {
            client.get(url)["ETag"] for url in (DUTCH_JSON, ENGLISH_JSON, DUTCH_CSV, ENGLISH_CSV)
        }
        assert len(etags) == 4

    def test_costs_the_same_few_queries_however_many_programmes(
        self, client, django_assert_max_num_queries
    ):
        for programme in ProgrammeFactory.create_batch(30, published=True):
            ObjectiveFactory(programme=programme)
            PlannedResultFactory(programme=programme)
            AchievedResultFactory(programme=programme)
            ToolboxDocumentFactory(programme=programme)
        with django_assert_max_num_queries(8):
            assert len(read_json(client)["programmes"]) == 30

    def test_only_get_and_head(self, client):
        assert client.post(DUTCH_JSON).status_code in {403, 405}
        assert client.head(DUTCH_JSON).status_code == 200


class TestCSV:
    def test_one_row_per_programme_with_the_documented_columns(self, client, seed_programme):
        ProgrammeFactory(published=True, slug="aaa")
        rows = read_csv(client)
        assert list(rows[0]) == CSV_COLUMNS
        assert [row["slug"] for row in rows] == ["aaa", SEED_SLUG]

    def test_equals_the_json(self, client, seed_programme):
        (row,) = read_csv(client)
        (data,) = read_json(client)["programmes"]
        assert row["title"] == data["title"]
        assert row["url"] == data["url"]
        assert (int(row["start_year"]), int(row["end_year"])) == (
            data["start_year"],
            data["end_year"],
        )
        assert row["objectives"].splitlines() == [
            f"{o['position']}. {o['name']}: {o['description']}" for o in data["objectives"]
        ]
        assert len(row["planned_results"].splitlines()) == len(data["planned_results"])
        assert len(row["documents"].splitlines()) == len(data["documents"])

    def test_english(self, client):
        ProgrammeFactory(published=True, slug="p", title_en="English title")
        (row,) = read_csv(client, ENGLISH_CSV)
        assert row["title"] == "English title"

    def test_checksums_are_in_the_document_column(self, client):
        document = ToolboxDocumentFactory(programme=ProgrammeFactory(published=True), with_pdf=True)
        (row,) = read_csv(client)
        assert document.sha256 in row["documents"]


@pytest.mark.parametrize(
    ("address", "json_url", "csv_url"),
    [("/", DUTCH_JSON, DUTCH_CSV), ("/en/", ENGLISH_JSON, ENGLISH_CSV)],
)
def test_every_footer_links_to_the_open_data(client, address, json_url, csv_url):
    footer = parse(client.get(address)).find("footer")
    assert footer.select_one(f'a[href="{json_url}"]').get("type") == "application/json"
    assert footer.select_one(f'a[href="{csv_url}"]').get("type") == "text/csv"
