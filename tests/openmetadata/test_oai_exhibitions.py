"""Exhibitions in the OAI-PMH repository: the set `exhibitions`, their records in Dublin Core and
MDTO, their removals, and harvests that walk past them. Every answer is validated against the
official schemas (tests/openmetadata/oai_client.py)."""

import datetime
from functools import partial

import pytest
import time_machine
from django.core import signing
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from exhibitions.models import Exhibition
from openmetadata import mdto, oai
from openmetadata.models import DeletedRecord
from openmetadata.schemas import mdto_schema, validation_errors
from publishing import services
from tests.factories import (
    CuratorFactory,
    ExhibitionFactory,
    ProgrammeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)
from tests.openmetadata.oai_client import oai as ask
from tests.openmetadata.test_oai import document_id, harvest, programme_id
from website.public_urls import absolute_url

pytestmark = pytest.mark.django_db

REPOSITORY = "oai:geheugenvanbzk.nl"
UTC = datetime.UTC
NS = {"m": mdto.NAMESPACE}


def exhibition_id(slug: str) -> str:
    return f"{REPOSITORY}:exhibition/{slug}"


def get_record(client, identifier: str, prefix: str = "oai_dc"):
    return ask(client, {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": prefix})


def stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def at(year: int, month: int, day: int, hour: int = 12):
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=UTC))


@pytest.fixture
def exhibition():
    """A public exhibition on local democracy: a curator, a timeline from a year in 1948 to a
    day in 1994 (with a period in between), a public and a draft related programme."""
    exhibition = ExhibitionFactory(
        published=True,
        slug="lokale-democratie",
        title_nl="Lokale democratie na 1945",
        title_en="Local democracy after 1945",
        subtitle_nl="Van wederopbouw tot dualisering",
        subtitle_en="From reconstruction to dualism",
        teaser_nl="Hoe de gemeente dichter bij de burger kwam.",
        teaser_en="How the municipality came closer to its citizens.",
        curator=CuratorFactory(name="Ien Dales"),
    )
    TimelineItemFactory(
        exhibition=exhibition, date=datetime.date(1948, 1, 1), date_precision="year"
    )
    TimelineItemFactory(
        exhibition=exhibition,
        date=datetime.date(1970, 5, 1),
        end_date=datetime.date(1994, 3, 1),
        date_precision="month",
    )
    TimelineItemFactory(exhibition=exhibition, date=datetime.date(1994, 3, 2))
    public = ProgrammeFactory(published=True, slug="vitaal-bestuur", title_nl="Vitaal bestuur")
    draft = ProgrammeFactory(slug="nog-geheim")
    exhibition.related_programmes.set([public, draft])
    return exhibition


class TestTheSet:
    def test_exhibitions_are_a_set_of_their_own(self, client, exhibition):
        programme = ProgrammeFactory(published=True, slug="a")
        ToolboxDocumentFactory(programme=programme, key="plan")
        assert harvest(client, set="exhibitions") == [exhibition_id("lokale-democratie")]
        assert exhibition_id("lokale-democratie") not in harvest(client, set="programmes")
        assert exhibition_id("lokale-democratie") in harvest(client)

    def test_without_a_set_exhibitions_come_after_programmes_documents_and_removals(
        self, client, exhibition
    ):
        programme = ProgrammeFactory(published=True, slug="a")
        ToolboxDocumentFactory(programme=programme, key="plan")
        services.delete(item=ProgrammeFactory(published=True, slug="gewist"))
        assert harvest(client, "ListRecords") == [
            programme_id("vitaal-bestuur"),
            programme_id("a"),
            document_id("a", "plan"),
            programme_id("gewist"),
            exhibition_id("lokale-democratie"),
        ]

    def test_list_records_in_both_formats(self, client, exhibition):
        for prefix in ("oai_dc", "mdto"):
            answer = ask(
                client, {"verb": "ListRecords", "metadataPrefix": prefix, "set": "exhibitions"}
            )
            assert answer.identifiers == [exhibition_id("lokale-democratie")]
            assert answer.text("//oai:header/oai:setSpec") == "exhibitions"
            assert len(answer.all("//oai:metadata")) == 1

    def test_its_formats_can_be_listed(self, client, exhibition):
        answer = ask(
            client,
            {"verb": "ListMetadataFormats", "identifier": exhibition_id("lokale-democratie")},
        )
        assert [e.text for e in answer.all("//oai:metadataPrefix")] == ["oai_dc", "mdto"]

    def test_an_identifier_of_another_kind_does_not_exist(self, client, exhibition):
        for identifier in (
            programme_id("lokale-democratie"),
            f"{REPOSITORY}:exhibition/lokale-democratie/item",
            exhibition_id("onbekend"),
        ):
            assert get_record(client, identifier).error_code == "idDoesNotExist"


class TestDublinCore:
    def test_describes_the_exhibition(self, client, exhibition):
        answer = get_record(client, exhibition_id("lokale-democratie"))
        assert answer.all("//oai:header/@status") == []
        assert answer.text("//dc:title[@xml:lang='nl']") == "Lokale democratie na 1945"
        assert answer.text("//dc:title[@xml:lang='en']") == "Local democracy after 1945"
        assert [e.text for e in answer.all("//dc:description[@xml:lang='nl']")] == [
            "Van wederopbouw tot dualisering",
            "Hoe de gemeente dichter bij de burger kwam.",
        ]
        assert len(answer.all("//dc:description[@xml:lang='en']")) == 2
        assert answer.text("//dc:creator") == (
            "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
        )
        assert answer.text("//dc:publisher") == answer.text("//dc:creator")
        assert answer.text("//dc:contributor") == "Ien Dales"
        assert answer.text("//dc:date") == timezone.localdate(exhibition.published_at).isoformat()
        assert answer.text("//dc:type") == "Collection"
        assert answer.text("//dc:format") == "text/html"
        assert answer.text("//dc:identifier") == (
            "http://testserver/tentoonstellingen/lokale-democratie/"
        )
        assert [e.text for e in answer.all("//dc:language")] == ["nl", "en"]

    def test_claims_no_licence_for_what_the_exhibition_shows(self, client, exhibition):
        """Photos, films, interviews and the curator's texts keep their own rights."""
        answer = get_record(client, exhibition_id("lokale-democratie"))
        assert answer.all("//dc:rights") == []

    def test_relates_only_public_programmes_by_their_address(self, client, exhibition):
        answer = get_record(client, exhibition_id("lokale-democratie"))
        assert [e.text for e in answer.all("//dc:relation")] == [
            "http://testserver/programmas/vitaal-bestuur/"
        ]

    def test_the_timeline_years_are_its_coverage(self, client, exhibition):
        answer = get_record(client, exhibition_id("lokale-democratie"))
        assert answer.text("//dc:coverage") == "1948/1994"

    def test_an_exhibition_without_curator_timeline_or_english_says_less(self, client):
        ExhibitionFactory(published=True, slug="kaal", curator=None, title_en="")
        answer = get_record(client, exhibition_id("kaal"))
        assert answer.all("//dc:contributor") == []
        assert answer.all("//dc:coverage") == []
        assert answer.all("//dc:relation") == []
        assert [e.text for e in answer.all("//dc:language")] == ["nl"]


class TestMDTO:
    def test_an_informatieobject_at_dossier_level(self, client, exhibition, settings):
        answer = get_record(client, exhibition_id("lokale-democratie"), "mdto")
        (item,) = answer.all("//oai:metadata/mdto:MDTO/mdto:informatieobject")
        assert text(item, "m:identificatie/m:identificatieKenmerk") == (
            exhibition_id("lokale-democratie")
        )
        assert text(item, "m:identificatie/m:identificatieBron") == settings.OAI_REPOSITORY_NAME
        assert text(item, "m:naam") == "Lokale democratie na 1945"
        assert text(item, "m:aggregatieniveau/m:begripLabel") == "Dossier"
        assert texts(item, "m:omschrijving") == [
            "Van wederopbouw tot dualisering",
            "Hoe de gemeente dichter bij de burger kwam.",
        ]
        assert texts(item, "m:raadpleeglocatie/m:raadpleeglocatieOnline") == [
            "http://testserver/tentoonstellingen/lokale-democratie/"
        ]
        assert texts(item, "m:taal") == ["nl", "en"]
        assert text(item, "m:event/m:eventType/m:begripLabel") == "Publicatie"
        assert text(item, "m:archiefvormer/m:verwijzingNaam") == settings.ARCHIVE_CREATOR_NAME

    def test_the_timeline_is_its_coverage_in_time_as_precise_as_its_dates(self, client, exhibition):
        answer = get_record(client, exhibition_id("lokale-democratie"), "mdto")
        (period,) = answer.all("//mdto:dekkingInTijd")
        assert text(period, "m:dekkingInTijdType/m:begripLabel") == "Periode tijdlijn"
        assert text(period, "m:dekkingInTijdType/m:begripBegrippenlijst/m:verwijzingNaam") == (
            "Begrippenlijst Het geheugen van BZK"
        )
        # The first item is known by its year; the last date is the day of the last item.
        assert text(period, "m:dekkingInTijdBegindatum") == "1948"
        assert text(period, "m:dekkingInTijdEinddatum") == "1994-03-02"

    def test_a_period_at_the_end_ends_the_coverage_at_its_end_date(self, client, exhibition):
        TimelineItemFactory(
            exhibition=exhibition,
            date=datetime.date(1990, 1, 1),
            end_date=datetime.date(2002, 6, 1),
            date_precision="month",
        )
        answer = get_record(client, exhibition_id("lokale-democratie"), "mdto")
        assert answer.text("//mdto:dekkingInTijdEinddatum") == "2002-06"

    def test_public_related_programmes_are_related_informatieobjecten(self, client, exhibition):
        answer = get_record(client, exhibition_id("lokale-democratie"), "mdto")
        (related,) = answer.all("//mdto:gerelateerdInformatieobject")
        reference = "m:gerelateerdInformatieobjectVerwijzing"
        assert text(related, f"{reference}/m:verwijzingNaam") == "Vitaal bestuur"
        assert text(related, f"{reference}/m:verwijzingIdentificatie/m:identificatieKenmerk") == (
            programme_id("vitaal-bestuur")
        )
        assert text(related, "m:gerelateerdInformatieobjectTypeRelatie/m:begripLabel") == (
            "Gerelateerd programma"
        )

    def test_the_curator_is_involved(self, client, exhibition):
        answer = get_record(client, exhibition_id("lokale-democratie"), "mdto")
        (involved,) = answer.all("//mdto:betrokkene")
        assert text(involved, "m:betrokkeneTypeRelatie/m:begripLabel") == "Curator"
        assert text(involved, "m:betrokkeneActor/m:verwijzingNaam") == "Ien Dales"

    def test_the_record_outside_a_harvest_is_the_same_and_valid(self, client, exhibition):
        """Built from an exhibition fetched anywhere (not a harvest's page), the record reads
        its timeline and related programmes itself, with the same result."""
        link = partial(absolute_url, request=None, base_url="http://testserver")
        record = mdto.exhibition_record(Exhibition.objects.get(pk=exhibition.pk), absolute_url=link)
        assert validation_errors(mdto_schema(), mdto.serialize(record)) == []
        answer = get_record(client, exhibition_id("lokale-democratie"), "mdto")
        (harvested,) = answer.all("//mdto:MDTO")
        assert without_layout(record) == without_layout(harvested)

    def test_a_bare_exhibition_is_valid_too(self, client):
        ExhibitionFactory(
            published=True, slug="kaal", curator=None, title_en="", subtitle_nl="", teaser_nl="-"
        )
        answer = get_record(client, exhibition_id("kaal"), "mdto")
        assert answer.all("//mdto:dekkingInTijd") == []
        assert answer.all("//mdto:betrokkene") == []
        assert answer.all("//mdto:gerelateerdInformatieobject") == []


def without_layout(element) -> bytes:
    """The element as canonical XML, without the whitespace of indentation."""
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        node.text = node.text.strip() if node.text else None
        node.tail = None
    return etree.tostring(copy, method="c14n")


def texts(element, path: str) -> list[str]:
    return [found.text for found in element.xpath(path, namespaces=NS)]


def text(element, path: str) -> str:
    (found,) = texts(element, path)
    return found


class TestDatestamps:
    def test_the_datestamp_is_the_last_change_to_the_exhibition(self, client):
        with at(2026, 3, 1):
            exhibition = ExhibitionFactory(published=True, slug="t")
        with at(2026, 3, 5):
            exhibition.subtitle_nl = "Bijgewerkt."
            exhibition.save()
        answer = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=exhibitions")
        assert answer.text("//oai:datestamp") == "2026-03-05T12:00:00Z"

    def test_a_changed_timeline_item_changes_the_datestamp(self, client):
        with at(2026, 3, 1):
            exhibition = ExhibitionFactory(published=True, slug="t")
            item = TimelineItemFactory(exhibition=exhibition)
        with at(2026, 4, 1):
            item.title_nl = "Beter gezegd."
            item.save()
        assert harvest(client, set="exhibitions", **{"from": "2026-04-01"}) == [exhibition_id("t")]

    def test_another_related_programme_changes_the_datestamp(self, client):
        with at(2026, 3, 1):
            exhibition = ExhibitionFactory(published=True, slug="t")
            programme = ProgrammeFactory(published=True, slug="p")
        with at(2026, 4, 1):
            exhibition.related_programmes.add(programme)
        assert harvest(client, set="exhibitions", **{"from": "2026-04-01"}) == [exhibition_id("t")]
        with at(2026, 5, 1):
            programme.exhibitions.remove(exhibition)
        assert harvest(client, set="exhibitions", **{"from": "2026-05-01"}) == [exhibition_id("t")]

    def test_a_change_to_a_related_programme_changes_the_datestamp(self, client):
        """The record names a related programme by its title, and only while it is public."""
        with at(2026, 3, 1):
            programme = ProgrammeFactory(published=True, slug="p")
            ExhibitionFactory(published=True, slug="t").related_programmes.add(programme)
        with at(2026, 4, 1):
            programme.title_nl = "Nieuwe titel"
            programme.save()
        assert harvest(client, set="exhibitions", **{"from": "2026-04-01"}) == [exhibition_id("t")]
        with at(2026, 5, 1):
            services.unpublish(item=programme)
        assert harvest(client, set="exhibitions", **{"from": "2026-05-01"}) == [exhibition_id("t")]
        with at(2026, 6, 1):
            services.delete(item=programme)
        assert harvest(client, set="exhibitions", **{"from": "2026-06-01"}) == [exhibition_id("t")]

    def test_a_scheduled_exhibition_appears_when_its_time_comes(self, client):
        later = timezone.now() + datetime.timedelta(days=2)
        services.publish(item=ExhibitionFactory(slug="straks"), at=later)
        assert harvest(client) == []
        assert get_record(client, exhibition_id("straks")).error_code == "idDoesNotExist"
        with time_machine.travel(later + datetime.timedelta(minutes=1)):
            answer = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
            assert answer.identifiers == [exhibition_id("straks")]
            assert answer.text("//oai:datestamp") == stamp(later)

    def test_the_earliest_datestamp_can_be_an_exhibitions(self, client):
        with at(2020, 5, 1):
            ExhibitionFactory(published=True)
        ProgrammeFactory(published=True)
        assert ask(client, "verb=Identify").text("//oai:earliestDatestamp") == (
            "2020-05-01T12:00:00Z"
        )


class TestRemovals:
    def test_a_withdrawn_exhibition_is_a_deleted_record_from_its_withdrawal(self, client):
        with at(2026, 3, 1):
            exhibition = ExhibitionFactory(published=True, slug="weg")
        with at(2026, 4, 1):
            services.withdraw(item=exhibition)
        answer = ask(client, "verb=ListRecords&metadataPrefix=mdto&set=exhibitions")
        assert answer.deleted == [exhibition_id("weg")]
        assert answer.all("//oai:metadata") == []
        assert answer.text("//oai:datestamp") == "2026-04-01T12:00:00Z"
        assert get_record(client, exhibition_id("weg")).deleted == [exhibition_id("weg")]
        assert not DeletedRecord.objects.exists()  # the exhibition table keeps it

    def test_a_withdrawn_exhibition_keeps_the_datestamp_of_its_withdrawal(self, client):
        """Its deleted record names no programmes, so their later changes do not concern it."""
        with at(2026, 3, 1):
            programme = ProgrammeFactory(published=True)
            exhibition = ExhibitionFactory(published=True, slug="weg")
            exhibition.related_programmes.add(programme)
        with at(2026, 4, 1):
            services.withdraw(item=exhibition)
        with at(2026, 5, 1):
            programme.title_nl = "Later hernoemd"
            programme.save()
        answer = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=exhibitions")
        assert answer.text("//oai:datestamp") == "2026-04-01T12:00:00Z"

    def test_an_exhibition_taken_back_to_draft_is_deleted_until_published_again(self, client):
        exhibition = ExhibitionFactory(published=True, slug="terug")
        services.unpublish(item=exhibition)
        answer = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=exhibitions")
        assert answer.deleted == [exhibition_id("terug")]
        assert answer.text("//oai:header/oai:setSpec") == "exhibitions"
        services.publish(item=exhibition)
        answer = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=exhibitions")
        assert answer.identifiers == [exhibition_id("terug")]
        assert answer.deleted == []

    def test_a_deleted_exhibition_stays_a_deleted_record(self, client):
        exhibition = ExhibitionFactory(published=True, slug="gewist")
        TimelineItemFactory.create_batch(2, exhibition=exhibition)
        services.delete(item=exhibition)
        assert harvest(client) == [exhibition_id("gewist")]
        answer = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=exhibitions")
        assert answer.deleted == [exhibition_id("gewist")]
        assert ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=programmes").error_code

    def test_a_new_slug_leaves_the_old_identifier_deleted(self, client):
        exhibition = ExhibitionFactory(published=True, slug="oud")
        services.rename(item=exhibition, slug="nieuw")
        answer = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=exhibitions")
        assert answer.identifiers == [exhibition_id("nieuw"), exhibition_id("oud")]
        assert answer.deleted == [exhibition_id("oud")]

    def test_changing_the_slug_back_revives_the_identifier_once(self, client):
        exhibition = ExhibitionFactory(published=True, slug="heen")
        services.rename(item=exhibition, slug="weer")
        services.rename(item=exhibition, slug="heen")
        assert sorted(harvest(client)) == [exhibition_id("heen"), exhibition_id("weer")]
        answer = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert answer.deleted == [exhibition_id("weer")]

    def test_a_removal_is_noted_in_the_transaction_of_the_change(self, client):
        exhibition = ExhibitionFactory(published=True, slug="blijft")

        @transaction.atomic
        def unpublish_and_fail() -> None:
            services.unpublish(item=exhibition)
            assert DeletedRecord.objects.filter(identifier=exhibition_id("blijft")).exists()
            raise RuntimeError("the change is undone")

        with pytest.raises(RuntimeError):
            unpublish_and_fail()
        assert not DeletedRecord.objects.exists()
        assert harvest(client) == [exhibition_id("blijft")]


class TestDrafts:
    def test_a_draft_exhibition_never_leaves_a_trace(self, client):
        draft = ExhibitionFactory(slug="concept")
        item = TimelineItemFactory(exhibition=draft)
        draft.related_programmes.add(ProgrammeFactory(published=True, slug="p"))
        assert get_record(client, exhibition_id("concept")).error_code == "idDoesNotExist"
        assert harvest(client, set="exhibitions") == []
        item.delete()
        services.rename(item=draft, slug="ander-concept")
        services.delete(item=draft)
        assert not DeletedRecord.objects.exists()
        assert harvest(client, set="exhibitions") == []
        assert harvest(client) == [programme_id("p")]

    def test_a_scheduled_exhibition_taken_back_leaves_no_trace(self, client):
        exhibition = ExhibitionFactory(slug="straks")
        services.publish(item=exhibition, at=timezone.now() + datetime.timedelta(days=1))
        services.unpublish(item=exhibition)
        services.delete(item=exhibition)
        assert not DeletedRecord.objects.exists()
        assert harvest(client) == []


class TestResumption:
    def test_a_harvest_walks_every_source_exactly_once(self, client, settings):
        settings.OAI_PAGE_SIZE = 2
        for programme in ProgrammeFactory.create_batch(3, published=True):
            ToolboxDocumentFactory(programme=programme)
        services.delete(item=ProgrammeFactory(published=True, slug="gewist"))
        exhibitions = ExhibitionFactory.create_batch(4, published=True)
        services.withdraw(item=exhibitions[1])
        services.delete(item=ExhibitionFactory(published=True, slug="ook-gewist"))
        for verb in ("ListIdentifiers", "ListRecords"):
            identifiers = harvest(client, verb)
            assert len(identifiers) == len(set(identifiers)) == 3 + 3 + 2 + 4
        assert harvest(client, set="exhibitions") == [
            *(exhibition_id(e.slug) for e in exhibitions),
            exhibition_id("ook-gewist"),
        ]

    def test_a_token_issued_before_exhibitions_existed_goes_on_to_them(self, client, settings):
        """A position names a source by its place in the list; exhibitions were added after
        the existing ones, so a token from before still means what it meant."""
        settings.OAI_PAGE_SIZE = 1
        ProgrammeFactory(published=True, slug="a")
        services.delete(item=ProgrammeFactory(published=True, slug="b"))
        first = ask(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
        assert first.identifiers == [programme_id("a")]
        ExhibitionFactory(published=True, slug="nieuw")
        rest = harvest_from(client, "ListIdentifiers", first.token.text)
        assert rest == [programme_id("b"), exhibition_id("nieuw")]

    def test_the_token_format_is_unchanged(self, client, settings):
        """A token as the repository wrote it before exhibitions: the removals source (2) after
        the last removal's key, which now leads on to the exhibitions."""
        services.delete(item=ProgrammeFactory(published=True, slug="gewist"))
        ExhibitionFactory(published=True, slug="nieuw")
        removal = DeletedRecord.objects.get()
        token = signing.dumps(
            ["ListIdentifiers", "oai_dc", None, None, None, 2, removal.pk, 1],
            salt=oai.TOKEN_SALT,
            compress=True,
        )
        assert harvest_from(client, "ListIdentifiers", token) == [exhibition_id("nieuw")]

    def test_an_edit_between_pages_loses_or_repeats_nothing(self, client, settings):
        settings.OAI_PAGE_SIZE = 2
        exhibitions = ExhibitionFactory.create_batch(5, published=True)
        seen = []
        answer = ask(client, "verb=ListRecords&metadataPrefix=oai_dc&set=exhibitions")
        seen += answer.identifiers
        TimelineItemFactory(exhibition=exhibitions[0])
        services.unpublish(item=exhibitions[4])
        while answer.token is not None and answer.token.text:
            answer = ask(client, {"verb": "ListRecords", "resumptionToken": answer.token.text})
            seen += answer.identifiers
        assert sorted(seen) == sorted(exhibition_id(e.slug) for e in exhibitions)
        assert answer.deleted == [exhibition_id(exhibitions[4].slug)]


def harvest_from(client, verb: str, token: str) -> list[str]:
    identifiers = []
    while token:
        answer = ask(client, {"verb": verb, "resumptionToken": token})
        identifiers += answer.identifiers
        token = answer.token.text if answer.token is not None else None
    return identifiers


@pytest.mark.parametrize("prefix", ["oai_dc", "mdto"])
def test_a_page_of_exhibitions_costs_the_same_queries_however_long_the_timelines(
    client, settings, prefix, django_assert_max_num_queries
):
    settings.OAI_PAGE_SIZE = 100
    programmes = ProgrammeFactory.create_batch(3, published=True)

    def exhibitions(count: int, items: int) -> None:
        for exhibition in ExhibitionFactory.create_batch(count, published=True):
            exhibition.related_programmes.set(programmes)
            TimelineItemFactory.create_batch(items, exhibition=exhibition)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            ask(client, {"verb": "ListRecords", "metadataPrefix": prefix, "set": "exhibitions"})
        return len(queries)

    exhibitions(5, items=1)
    few = cost()
    exhibitions(20, items=8)
    services.delete(item=ExhibitionFactory(published=True))
    # (each page's programmes and exhibitions read their themes in one query each)
    with django_assert_max_num_queries(15):
        answer = ask(client, {"verb": "ListRecords", "metadataPrefix": prefix})
    assert len(answer.identifiers) == 3 + 25 + 1
    assert cost() == few
