"""The OAI-PMH 2.0 data provider at /oai/: what harvesters see, and how it refuses bad requests."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from openmetadata.models import DeletedRecord
from programmes.models import Programme
from publishing import services
from tests.conftest import SEED_SLUG
from tests.factories import ProgrammeFactory, ToolboxDocumentFactory
from tests.openmetadata.oai_client import oai
from toolbox.services import delete_document

pytestmark = pytest.mark.django_db

REPOSITORY = "oai:geheugenvanbzk.nl"
SEED_ID = f"{REPOSITORY}:programme/{SEED_SLUG}"


def programme_id(slug: str) -> str:
    return f"{REPOSITORY}:programme/{slug}"


def document_id(slug: str, key: str) -> str:
    return f"{REPOSITORY}:document/{slug}/{key}"


def harvest(client, verb: str = "ListIdentifiers", **arguments) -> list[str]:
    """Every identifier of a list, following resumption tokens, in order (repeats kept)."""
    answer = oai(client, {"verb": verb, "metadataPrefix": "oai_dc", **arguments})
    if answer.error_code == "noRecordsMatch":
        return []
    assert answer.error_code is None
    identifiers = answer.identifiers
    while answer.token is not None and answer.token.text:
        answer = oai(client, {"verb": verb, "resumptionToken": answer.token.text})
        identifiers += answer.identifiers
    return identifiers


class TestIdentify:
    def test_describes_the_repository(self, client):
        answer = oai(client, "verb=Identify")
        assert answer.text("//oai:repositoryName") == "Het geheugen van BZK"
        assert answer.text("//oai:baseURL") == "http://testserver/oai/"
        assert answer.text("//oai:protocolVersion") == "2.0"
        assert answer.text("//oai:deletedRecord") == "persistent"
        assert answer.text("//oai:granularity") == "YYYY-MM-DDThh:mm:ssZ"
        assert answer.text("//id:repositoryIdentifier") == "geheugenvanbzk.nl"
        assert answer.text("//id:sampleIdentifier") == SEED_ID

    def test_the_repository_identifier_comes_from_settings_not_the_host(self, client, settings):
        settings.OAI_REPOSITORY_IDENTIFIER = "archief.example.nl"
        settings.ALLOWED_HOSTS = ["mirror.example.org"]
        response = client.get("/oai/?verb=Identify", HTTP_HOST="mirror.example.org")
        assert b"<repositoryIdentifier>archief.example.nl<" in response.content
        assert b"mirror.example.org</repositoryIdentifier>" not in response.content

    def test_the_earliest_datestamp_is_that_of_the_oldest_record(self, client):
        with time_machine.travel(datetime.datetime(2020, 5, 1, 12, tzinfo=datetime.UTC)):
            ProgrammeFactory(published=True)
        ProgrammeFactory(published=True)
        assert oai(client, "verb=Identify").text("//oai:earliestDatestamp") == (
            "2020-05-01T12:00:00Z"
        )

    def test_works_over_post_as_well(self, client):
        answer = oai(client, {"verb": "Identify"}, method="post")
        assert answer.error_code is None
        assert answer.text("//oai:repositoryName")


class TestFormatsAndSets:
    def test_lists_dublin_core_and_mdto(self, client):
        answer = oai(client, "verb=ListMetadataFormats")
        assert [e.text for e in answer.all("//oai:metadataPrefix")] == ["oai_dc", "mdto"]

    def test_formats_of_one_record(self, client, seed_programme):
        answer = oai(client, {"verb": "ListMetadataFormats", "identifier": SEED_ID})
        assert answer.error_code is None

    def test_lists_the_sets(self, client):
        answer = oai(client, "verb=ListSets")
        assert [e.text for e in answer.all("//oai:setSpec")] == [
            "programmes",
            "documents",
            "exhibitions",
        ]


class TestGetRecord:
    def test_the_seed_programme_in_dublin_core(self, client, seed_programme):
        answer = oai(
            client, {"verb": "GetRecord", "identifier": SEED_ID, "metadataPrefix": "oai_dc"}
        )
        assert answer.all("//oai:header/@status") == []
        assert answer.text("//oai:header/oai:setSpec") == "programmes"
        assert answer.text("//dc:title[@xml:lang='nl']") == seed_programme.title_nl
        assert answer.text("//dc:creator") == (
            "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
        )
        assert answer.text("//dc:publisher") == answer.text("//dc:creator")
        assert answer.text("//dc:identifier") == f"http://testserver/programmas/{SEED_SLUG}/"
        assert answer.text("//dc:date") == (
            f"{seed_programme.start_year}/{seed_programme.end_year}"
        )
        assert answer.text("//dc:type") == "Text"
        assert "CC0" in answer.text("//dc:rights")
        relations = [e.text for e in answer.all("//dc:relation")]
        assert relations == [
            document_id(SEED_SLUG, key)
            for key in seed_programme.documents.values_list("key", flat=True)
        ]
        assert relations

    def test_every_document_of_the_seed_relates_back_to_it(self, client, seed_programme):
        for document in seed_programme.documents.all():
            answer = oai(
                client,
                {
                    "verb": "GetRecord",
                    "identifier": document_id(SEED_SLUG, document.key),
                    "metadataPrefix": "oai_dc",
                },
            )
            assert answer.text("//oai:header/oai:setSpec") == "documents"
            assert answer.text("//dc:title[@xml:lang='nl']") == document.title_nl
            assert answer.text("//dc:relation") == SEED_ID

    def test_the_seed_programme_in_mdto(self, client, seed_programme):
        answer = oai(client, {"verb": "GetRecord", "identifier": SEED_ID, "metadataPrefix": "mdto"})
        assert answer.all("//oai:metadata/mdto:MDTO/mdto:informatieobject")

    def test_a_public_address_setting_is_used_for_addresses(self, client, settings, seed_programme):
        settings.PUBLIC_BASE_URL = "https://geheugenvanbzk.nl"
        answer = oai(
            client, {"verb": "GetRecord", "identifier": SEED_ID, "metadataPrefix": "oai_dc"}
        )
        assert (
            answer.text("//dc:identifier") == f"https://geheugenvanbzk.nl/programmas/{SEED_SLUG}/"
        )
        assert answer.text("/oai:OAI-PMH/oai:request") == "https://geheugenvanbzk.nl/oai/"

    def test_a_harvester_asking_in_english_gets_the_same_record(self, client, seed_programme):
        query = {"verb": "GetRecord", "identifier": SEED_ID, "metadataPrefix": "oai_dc"}
        dutch = client.get("/oai/", query).content
        english = client.get("/oai/", query, HTTP_ACCEPT_LANGUAGE="en").content
        strip = lambda body: body.split(b"</responseDate>")[1]  # noqa: E731
        assert strip(dutch) == strip(english)

    def test_a_draft_does_not_exist_for_harvesters(self, client):
        draft = ProgrammeFactory(slug="nog-geheim")
        ToolboxDocumentFactory(programme=draft, key="plan")
        for identifier in (programme_id("nog-geheim"), document_id("nog-geheim", "plan")):
            answer = oai(
                client, {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": "oai_dc"}
            )
            assert answer.error_code == "idDoesNotExist"
        assert harvest(client) == []


class TestErrors:
    @pytest.mark.parametrize(
        ("query", "code"),
        [
            ("", "badVerb"),
            ("verb=Harvest", "badVerb"),
            ("verb=Identify&verb=Identify", "badVerb"),
            ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
            ("verb=ListRecords", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=mdto", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-30", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&until=2026-01-01T10:00:00", "badArgument"),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-02-01T00:00:00Z",
                "badArgument",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-01&until=2026-01-01",
                "badArgument",
            ),
            ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai%20dc", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&set=a%20b", "badArgument"),
            ("verb=GetRecord&identifier=" + SEED_ID, "badArgument"),
            ("verb=ListIdentifiers&resumptionToken=bogus", "badResumptionToken"),
            ("verb=ListSets&resumptionToken=bogus", "badResumptionToken"),
            ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
            (
                f"verb=GetRecord&metadataPrefix=marc21&identifier={SEED_ID}",
                "cannotDisseminateFormat",
            ),
            (
                "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elders.nl:programme/x",
                "idDoesNotExist",
            ),
            ("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + SEED_ID + "x", "idDoesNotExist"),
            ("verb=ListMetadataFormats&identifier=oai:geheugenvanbzk.nl:iets", "idDoesNotExist"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=exhibitions", "noRecordsMatch"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=agenda", "noRecordsMatch"),
        ],
    )
    def test_each_error_has_its_code_and_a_valid_answer(self, client, seed_programme, query, code):
        answer = oai(client, query)
        assert answer.error_code == code
        assert answer.all("/oai:OAI-PMH/oai:error")[0].text.strip()
        if code in {"badVerb", "badArgument"}:
            assert answer.request_attributes == {}
        else:
            assert answer.request_attributes["verb"]

    def test_errors_over_post_too(self, client):
        assert oai(client, {"verb": "Nonsense"}, method="post").error_code == "badVerb"

    def test_a_token_for_another_verb_is_refused(self, client, settings):
        settings.OAI_PAGE_SIZE = 1
        ProgrammeFactory.create_batch(2, published=True)
        token = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc").token.text
        answer = oai(client, {"verb": "ListRecords", "resumptionToken": token})
        assert answer.error_code == "badResumptionToken"

    def test_a_changed_token_is_refused(self, client, settings):
        settings.OAI_PAGE_SIZE = 1
        ProgrammeFactory.create_batch(2, published=True)
        token = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc").token.text
        forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        answer = oai(client, {"verb": "ListIdentifiers", "resumptionToken": forged})
        assert answer.error_code == "badResumptionToken"

    def test_an_expired_token_is_refused(self, client, settings):
        settings.OAI_PAGE_SIZE = 1
        ProgrammeFactory.create_batch(2, published=True)
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        expires = datetime.datetime.fromisoformat(answer.token.get("expirationDate"))
        with time_machine.travel(expires + datetime.timedelta(minutes=1)):
            late = oai(client, {"verb": "ListIdentifiers", "resumptionToken": answer.token.text})
        assert late.error_code == "badResumptionToken"

    def test_other_methods_are_not_allowed(self, client):
        assert client.put("/oai/?verb=Identify").status_code == 405


class TestSelectiveHarvesting:
    def test_sets_hold_programmes_or_documents(self, client):
        programme = ProgrammeFactory(published=True, slug="a")
        ToolboxDocumentFactory(programme=programme, key="plan")
        assert harvest(client, set="programmes") == [programme_id("a")]
        assert harvest(client, set="documents") == [document_id("a", "plan")]
        assert sorted(harvest(client)) == sorted([programme_id("a"), document_id("a", "plan")])

    def test_from_and_until_select_by_last_change(self, client):
        def at(day: int, hour: int = 12):
            return time_machine.travel(datetime.datetime(2026, 3, day, hour, tzinfo=datetime.UTC))

        with at(1):
            ProgrammeFactory(published=True, slug="maart-1")
        with at(2):
            ProgrammeFactory(published=True, slug="maart-2")
        with at(3):
            changed = ProgrammeFactory(published=True, slug="maart-3")
        with at(5):
            changed.summary_nl = "Later bijgewerkt."
            changed.save()
        assert harvest(client, **{"from": "2026-03-02"}) == [
            programme_id("maart-2"),
            programme_id("maart-3"),
        ]
        assert harvest(client, until="2026-03-02") == [
            programme_id("maart-1"),
            programme_id("maart-2"),
        ]
        assert harvest(client, **{"from": "2026-03-02", "until": "2026-03-04"}) == [
            programme_id("maart-2")
        ]
        assert harvest(
            client, **{"from": "2026-03-02T12:00:00Z", "until": "2026-03-02T12:00:00Z"}
        ) == [programme_id("maart-2")]
        assert (
            harvest(client, **{"from": "2026-03-02T12:00:01Z", "until": "2026-03-04T23:59:59Z"})
            == []
        )

    def test_datestamps_are_utc_seconds(self, client):
        with time_machine.travel(
            datetime.datetime(2026, 3, 1, 12, 30, 15, 999, tzinfo=datetime.UTC)
        ):
            ProgrammeFactory(published=True)
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert answer.text("//oai:datestamp") == "2026-03-01T12:30:15Z"

    def test_a_change_to_a_part_changes_the_programme_datestamp(self, client):
        with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
            programme = ProgrammeFactory(published=True, slug="p")
        with time_machine.travel(datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)):
            ToolboxDocumentFactory(programme=programme, key="nieuw")
        assert harvest(client, set="programmes", **{"from": "2026-04-01"}) == [programme_id("p")]

    def test_a_scheduled_programme_appears_when_its_time_comes(self, client):
        later = timezone.now() + datetime.timedelta(days=2)
        programme = ProgrammeFactory(slug="straks")
        services.publish(item=programme, at=later)
        assert harvest(client) == []
        with time_machine.travel(later + datetime.timedelta(minutes=1)):
            answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
            assert answer.identifiers == [programme_id("straks")]
            assert answer.text("//oai:datestamp") == later.astimezone(datetime.UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )


class TestDeletedRecords:
    def test_a_withdrawn_programme_and_its_documents_are_deleted_records(self, client):
        programme = ProgrammeFactory(published=True, slug="weg")
        ToolboxDocumentFactory(programme=programme, key="plan")
        services.withdraw(item=programme)
        answer = oai(client, "verb=ListRecords&metadataPrefix=oai_dc")
        assert sorted(answer.deleted) == sorted([programme_id("weg"), document_id("weg", "plan")])
        assert answer.all("//oai:metadata") == []
        single = oai(
            client,
            {"verb": "GetRecord", "identifier": programme_id("weg"), "metadataPrefix": "mdto"},
        )
        assert single.deleted == [programme_id("weg")]

    def test_a_programme_taken_back_to_draft_is_deleted_until_published_again(self, client):
        programme = ProgrammeFactory(published=True, slug="terug")
        ToolboxDocumentFactory(programme=programme, key="plan")
        services.unpublish(item=programme)
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert sorted(answer.deleted) == sorted(
            [programme_id("terug"), document_id("terug", "plan")]
        )
        services.publish(item=programme)
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert sorted(answer.identifiers) == sorted(
            [programme_id("terug"), document_id("terug", "plan")]
        )
        assert answer.deleted == []

    def test_a_deleted_programme_stays_a_deleted_record(self, client):
        programme = ProgrammeFactory(published=True, slug="gewist")
        ToolboxDocumentFactory(programme=programme, key="plan")
        services.delete(item=programme)
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert sorted(answer.deleted) == sorted(
            [programme_id("gewist"), document_id("gewist", "plan")]
        )
        assert answer.all("//oai:header[@status='deleted']/oai:setSpec")[0].text == "programmes"

    def test_a_deleted_document_is_a_deleted_record(self, client):
        programme = ProgrammeFactory(published=True, slug="p")
        delete_document(document=ToolboxDocumentFactory(programme=programme, key="weg"))
        ToolboxDocumentFactory(programme=programme, key="blijft")
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=documents")
        assert answer.identifiers == [document_id("p", "blijft"), document_id("p", "weg")]
        assert answer.deleted == [document_id("p", "weg")]

    def test_a_new_slug_leaves_the_old_identifier_deleted(self, client):
        programme = ProgrammeFactory(published=True, slug="oud")
        ToolboxDocumentFactory(programme=programme, key="plan")
        services.rename(item=programme, slug="nieuw")
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert sorted(answer.deleted) == sorted([programme_id("oud"), document_id("oud", "plan")])
        live = set(answer.identifiers) - set(answer.deleted)
        assert live == {programme_id("nieuw"), document_id("nieuw", "plan")}

    def test_changing_the_slug_back_revives_the_identifier_once(self, client):
        programme = ProgrammeFactory(published=True, slug="heen")
        services.rename(item=programme, slug="weer")
        services.rename(item=programme, slug="heen")
        identifiers = harvest(client)
        assert sorted(identifiers) == sorted([programme_id("heen"), programme_id("weer")])
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert answer.deleted == [programme_id("weer")]

    def test_a_draft_never_leaves_a_trace(self, client):
        draft = ProgrammeFactory(slug="concept")
        delete_document(document=ToolboxDocumentFactory(programme=draft, key="plan"))
        services.rename(item=draft, slug="ander-concept")
        services.delete(item=draft)
        assert not DeletedRecord.objects.exists()
        assert harvest(client) == []


class TestResumption:
    def test_pages_carry_size_and_cursor_and_end_with_an_empty_token(self, client, settings):
        settings.OAI_PAGE_SIZE = 2
        ProgrammeFactory.create_batch(5, published=True)
        first = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert len(first.identifiers) == 2
        assert (first.token.get("completeListSize"), first.token.get("cursor")) == ("5", "0")
        second = oai(client, {"verb": "ListIdentifiers", "resumptionToken": first.token.text})
        assert second.request_attributes["resumptionToken"] == first.token.text
        assert (second.token.get("cursor"), len(second.identifiers)) == ("2", 2)
        third = oai(client, {"verb": "ListIdentifiers", "resumptionToken": second.token.text})
        assert len(third.identifiers) == 1
        assert third.token.text is None
        assert (third.token.get("completeListSize"), third.token.get("cursor")) == ("5", "4")

    def test_a_list_on_one_page_has_no_token(self, client):
        ProgrammeFactory(published=True)
        assert oai(client, "verb=ListRecords&metadataPrefix=oai_dc").token is None

    def test_a_token_keeps_the_set_and_dates(self, client, settings):
        settings.OAI_PAGE_SIZE = 1
        for slug in ("a", "b", "c"):
            ToolboxDocumentFactory(programme=ProgrammeFactory(published=True, slug=slug))
        assert len(harvest(client, set="programmes")) == 3
        assert len(harvest(client, "ListRecords", set="documents")) == 3
        assert len(harvest(client, "ListRecords", set="documents", **{"from": "2999-01-01"})) == 0

    def test_edits_between_pages_lose_or_repeat_nothing(self, client, settings):
        settings.OAI_PAGE_SIZE = 3
        programmes = ProgrammeFactory.create_batch(8, published=True)
        for programme in programmes:
            ToolboxDocumentFactory(programme=programme)
        expected = set(harvest(client, "ListRecords"))
        assert len(expected) == 16

        seen = []
        answer = oai(client, "verb=ListRecords&metadataPrefix=oai_dc")
        seen += answer.identifiers
        # Between pages: a record already harvested and one still to come both change.
        programmes[0].summary_nl = "Gewijzigd na de eerste pagina."
        programmes[0].save()
        programmes[7].summary_nl = "Gewijzigd voordat het aan de beurt was."
        programmes[7].save()
        delete_document(document=ToolboxDocumentFactory(programme=programmes[1]))
        while answer.token is not None and answer.token.text:
            answer = oai(client, {"verb": "ListRecords", "resumptionToken": answer.token.text})
            seen += answer.identifiers
        assert len(seen) == len(set(seen))
        assert expected <= set(seen)

    def test_a_withdrawal_during_a_harvest_turns_the_record_deleted_in_place(
        self, client, settings
    ):
        settings.OAI_PAGE_SIZE = 2
        programmes = ProgrammeFactory.create_batch(4, published=True)
        answer = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        services.withdraw(item=programmes[3])
        seen = list(answer.identifiers)
        answer = oai(client, {"verb": "ListIdentifiers", "resumptionToken": answer.token.text})
        seen += answer.identifiers
        assert sorted(seen) == sorted(programme_id(p.slug) for p in programmes)
        assert answer.deleted == [programme_id(programmes[3].slug)]


def test_public_programmes_count_matches_the_list(client):
    ProgrammeFactory.create_batch(3, published=True)
    ProgrammeFactory()
    assert len(harvest(client, set="programmes")) == Programme.objects.published().count()


@pytest.mark.parametrize("prefix", ["oai_dc", "mdto"])
def test_a_page_of_records_costs_a_fixed_number_of_queries(
    client, settings, prefix, django_assert_max_num_queries
):
    settings.OAI_PAGE_SIZE = 100
    for programme in ProgrammeFactory.create_batch(25, published=True):
        ToolboxDocumentFactory.create_batch(2, programme=programme)
    services.delete(item=ProgrammeFactory(published=True, slug="weg"))
    with django_assert_max_num_queries(14):
        answer = oai(client, {"verb": "ListRecords", "metadataPrefix": prefix})
    assert len(answer.identifiers) == 76
