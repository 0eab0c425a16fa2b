"""Open data for exhibitions: what describes each published exhibition and its timeline, as
JSON and CSV, in Dutch and English; not the curator's texts or media, whose rights are their own."""

import csv
import datetime
import io
import json

import pytest

from openmetadata.open_data import EXHIBITION_CSV_COLUMNS
from publishing import services
from tests.factories import (
    CuratorFactory,
    ExhibitionFactory,
    ProgrammeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

DUTCH_JSON = "/open-data/tentoonstellingen.json"
ENGLISH_JSON = "/en/open-data/exhibitions.json"
DUTCH_CSV = "/open-data/tentoonstellingen.csv"
ENGLISH_CSV = "/en/open-data/exhibitions.csv"


def read_json(client, url: str = DUTCH_JSON) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(b"".join(response.streaming_content))


def read_csv(client, url: str = DUTCH_CSV) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def exhibition():
    programme = ProgrammeFactory(published=True, slug="lokaal-bestuur", title_nl="Lokaal bestuur")
    exhibition = ExhibitionFactory(
        published=True,
        slug="lokale-democratie",
        title_nl="Lokale democratie",
        title_en="Local democracy",
        subtitle_nl="Na 1945",
        curator=CuratorFactory(name="Ien Dales"),
    )
    exhibition.related_programmes.add(programme, ProgrammeFactory(slug="concept"))
    TimelineItemFactory(
        exhibition=exhibition,
        slug="herindeling",
        date=datetime.date(1965, 3, 1),
        date_precision="month",
        title_nl="Herindeling",
        kind="report",
        document=ToolboxDocumentFactory(programme=programme, key="rapport"),
    )
    TimelineItemFactory(
        exhibition=exhibition,
        slug="dualisering",
        date=datetime.date(1998, 1, 1),
        end_date=datetime.date(2002, 3, 7),
        date_precision="year",
        title_nl="Dualisering",
    )
    return exhibition


class TestJSON:
    def test_lists_published_exhibitions_only(self, client, exhibition):
        ExhibitionFactory(slug="nog-niet")
        services.withdraw(item=ExhibitionFactory(published=True, slug="ingetrokken"))
        ExhibitionFactory(
            published=True,
            slug="straks",
            published_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1),
        )
        data = read_json(client)
        assert [e["slug"] for e in data["exhibitions"]] == ["lokale-democratie"]
        assert data["licence"]["url"]

    def test_describes_the_exhibition_and_its_timeline(self, client, exhibition):
        (entry,) = read_json(client)["exhibitions"]
        assert entry["identifier"] == "oai:geheugenvanbzk.nl:exhibition/lokale-democratie"
        assert entry["url"] == "http://testserver/tentoonstellingen/lokale-democratie/"
        assert (entry["title"], entry["subtitle"]) == ("Lokale democratie", "Na 1945")
        assert entry["curator"] == {"name": "Ien Dales", "role": exhibition.curator.role_nl}
        assert (entry["first_date"], entry["last_date"]) == ("1965-03", "2002")
        assert [item["slug"] for item in entry["timeline"]] == ["herindeling", "dualisering"]
        first, second = entry["timeline"]
        assert first == {
            "slug": "herindeling",
            "url": "http://testserver/tentoonstellingen/lokale-democratie/tijdlijn/herindeling/",
            "date": "1965-03",
            "end_date": None,
            "date_precision": "month",
            "title": "Herindeling",
            "kind": "report",
            "kind_label": "verslag",
            "document": "oai:geheugenvanbzk.nl:document/lokaal-bestuur/rapport",
            "has_image": False,
            "has_video": False,
        }
        assert (second["date"], second["end_date"]) == ("1998", "2002")
        # Only programmes visitors can see.
        assert [p["identifier"] for p in entry["related_programmes"]] == [
            "oai:geheugenvanbzk.nl:programme/lokaal-bestuur"
        ]

    def test_holds_no_curator_texts_or_media(self, client, exhibition):
        body = json.dumps(read_json(client))
        for text in (exhibition.teaser_nl, "De hele inleiding", "De tijdlijn loopt", "gebeurde"):
            assert text not in body

    def test_english(self, client, exhibition):
        (entry,) = read_json(client, ENGLISH_JSON)["exhibitions"]
        assert entry["title"] == "Local democracy"
        assert entry["url"] == "http://testserver/en/exhibitions/lokale-democratie/"
        assert entry["timeline"][0]["kind_label"] == "report"

    def test_answers_not_modified_until_something_changes(self, client, exhibition):
        first = client.get(DUTCH_JSON)
        assert client.get(DUTCH_JSON, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        item = exhibition.items.first()
        item.title_nl = "Gemeentelijke herindeling"
        item.save()
        changed = client.get(DUTCH_JSON, HTTP_IF_NONE_MATCH=first["ETag"])
        assert changed.status_code == 200
        assert "Gemeentelijke herindeling" in b"".join(changed.streaming_content).decode()

    def test_each_language_and_format_has_its_own_etag_apart_from_the_programmes(
        self, client, exhibition
    ):
        urls = (DUTCH_JSON, ENGLISH_JSON, DUTCH_CSV, ENGLISH_CSV, "/open-data/programmas.json")
        assert len({client.get(url)["ETag"] for url in urls}) == 5

    def test_costs_the_same_few_queries_however_many_exhibitions_and_items(
        self, client, django_assert_max_num_queries
    ):
        for _ in range(15):
            exhibition = ExhibitionFactory(published=True)
            TimelineItemFactory.create_batch(6, exhibition=exhibition)
        with django_assert_max_num_queries(6):
            assert len(read_json(client)["exhibitions"]) == 15

    def test_only_get_and_head(self, client, exhibition):
        assert client.post(DUTCH_JSON).status_code == 405
        assert client.head(DUTCH_JSON).status_code == 200


class TestCSV:
    def test_one_row_per_exhibition_with_the_documented_columns(self, client, exhibition):
        rows = read_csv(client)
        assert list(rows[0]) == EXHIBITION_CSV_COLUMNS
        assert [row["slug"] for row in rows] == ["lokale-democratie"]

    def test_equals_the_json(self, client, exhibition):
        (row,) = read_csv(client)
        (entry,) = read_json(client)["exhibitions"]
        assert row["identifier"] == entry["identifier"]
        assert (row["curator"], row["first_date"], row["last_date"]) == (
            "Ien Dales",
            "1965-03",
            "2002",
        )
        assert row["timeline"].splitlines() == [
            "1965-03 (verslag): Herindeling | "
            "http://testserver/tentoonstellingen/lokale-democratie/tijdlijn/herindeling/",
            "1998/2002 (tekst): Dualisering | "
            "http://testserver/tentoonstellingen/lokale-democratie/tijdlijn/dualisering/",
        ]
        assert row["related_programmes"] == (
            "Lokaal bestuur | http://testserver/programmas/lokaal-bestuur/"
        )

    def test_english(self, client, exhibition):
        (row,) = read_csv(client, ENGLISH_CSV)
        assert row["title"] == "Local democracy"


def test_the_exhibitions_index_links_to_the_files(client, exhibition):
    links = [a["href"] for a in parse(client.get("/tentoonstellingen/")).select(".more-link a")]
    assert links == [DUTCH_JSON, DUTCH_CSV]
    links = [a["href"] for a in parse(client.get("/en/exhibitions/")).select(".more-link a")]
    assert links == [ENGLISH_JSON, ENGLISH_CSV]
