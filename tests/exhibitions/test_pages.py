"""Exhibitions as visitors read them: the index, the exhibition with its timeline, the curator's
introduction and each timeline item, in Dutch and English."""

import datetime
import itertools
import json

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from publishing import services
from tests.factories import (
    ExhibitionFactory,
    ProgrammeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

# The smallest MP4 header a type check recognises: a real file starts with an ftyp box.
MP4_START = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:02.000\nGoedemiddag.\n"


@pytest.fixture
def exhibition():
    exhibition = ExhibitionFactory(published=True, slug="lokale-democratie")
    for slug, date in [
        ("gemeentewet", datetime.date(1851, 6, 29)),
        ("herindeling", datetime.date(1965, 3, 1)),
        ("dualisering", datetime.date(2002, 3, 7)),
        ("referendum", datetime.date(1961, 5, 1)),
    ]:
        TimelineItemFactory(exhibition=exhibition, slug=slug, date=date, title_nl=slug.title())
    return exhibition


class TestIndex:
    def test_lists_published_exhibitions_only(self, client, exhibition):
        ExhibitionFactory(slug="concept", title_nl="Nog niet klaar")
        page = parse(client.get("/tentoonstellingen/"))
        titles = [text_of(a) for a in page.main.select("h2 a")]
        assert titles == [exhibition.title_nl]

    def test_english(self, client, exhibition):
        page = parse(client.get("/en/exhibitions/"))
        assert page.html["lang"] == "en"
        assert text_of(page.h1) == "Exhibitions"
        assert page.main.select_one("h2 a")["href"] == "/en/exhibitions/lokale-democratie/"


class TestExhibitionPage:
    def test_timeline_is_in_date_order_whatever_the_order_of_entry(self, client, exhibition):
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        items = [a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.select(".timeline h4 a")]
        assert items == ["gemeentewet", "referendum", "herindeling", "dualisering"]

    def test_decades_navigate_to_their_sections(self, client, exhibition):
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        links = [a["href"] for a in page.select(".timeline__decades a")]
        assert links == ["#decade-1850", "#decade-1960", "#decade-2000"]
        for link in links:
            section = page.select_one(link)
            assert section is not None
            assert section.name == "section"
        in_sixties = [text_of(h) for h in page.select_one("#decade-1960").select("h4")]
        assert in_sixties == ["Referendum", "Herindeling"]

    def test_headings_are_nested_in_order(self, client, exhibition):
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        levels = [int(h.name[1]) for h in page.main.find_all(["h1", "h2", "h3", "h4", "h5"])]
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels))

    def test_each_item_has_an_anchor_and_its_own_address(self, client, exhibition):
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        assert page.select_one("#herindeling") is not None
        item_page = client.get("/tentoonstellingen/lokale-democratie/tijdlijn/herindeling/")
        assert item_page.status_code == 200
        item = parse(item_page)
        assert text_of(item.h1) == "Herindeling"
        back = item.main.select_one('a[href$="#herindeling"]')
        assert back["href"] == "/tentoonstellingen/lokale-democratie/#herindeling"

    def test_dates_are_as_precise_as_the_editor_said(self, client, exhibition):
        TimelineItemFactory(
            exhibition=exhibition,
            slug="ergens",
            date=datetime.date(1970, 1, 1),
            date_precision="year",
        )
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        assert text_of(page.select_one("#ergens time")) == "1970"
        assert page.select_one("#ergens time")["datetime"] == "1970-01-01"
        assert text_of(page.select_one("#gemeentewet time")) == "29 juni 1851"

    def test_the_curator_introduces_it_with_a_link_to_the_whole_introduction(
        self, client, exhibition
    ):
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        assert exhibition.curator.name in text_of(page.main)
        link = page.main.select_one('a[href="/tentoonstellingen/lokale-democratie/inleiding/"]')
        assert link is not None
        intro = parse(client.get("/tentoonstellingen/lokale-democratie/inleiding/"))
        assert "De hele inleiding." in text_of(intro.main)

    def test_english_page_in_english(self, client, exhibition):
        page = parse(client.get("/en/exhibitions/lokale-democratie/"))
        assert text_of(page.h1) == exhibition.title_en
        assert text_of(page.select_one("#timeline-heading")) == "Timeline"
        assert client.get("/en/exhibitions/lokale-democratie/introduction/").status_code == 200
        assert (
            client.get("/en/exhibitions/lokale-democratie/timeline/herindeling/").status_code == 200
        )

    def test_the_opening_item_comes_first(self, client, exhibition):
        opening = exhibition.items.get(slug="dualisering")
        exhibition.opening_item = opening
        exhibition.save()
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        opening_section = page.select_one('section[aria-labelledby="opening-heading"]')
        assert text_of(opening_section.select_one("h3")) == "Dualisering"

    def test_related_programmes_both_ways(self, client, exhibition):
        programme = ProgrammeFactory(published=True, slug="vitaal")
        exhibition.related_programmes.add(programme, ProgrammeFactory(slug="concept-programma"))
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        related = page.select_one('section[aria-labelledby="related-heading"]')
        assert [a["href"] for a in related.select("a")] == ["/programmas/vitaal/"]
        assert list(programme.exhibitions.all()) == [exhibition]

    def test_a_document_from_the_store_is_linked(self, client, exhibition):
        document = ToolboxDocumentFactory(
            programme=ProgrammeFactory(published=True), with_pdf=True, title_nl="Rapport"
        )
        TimelineItemFactory(exhibition=exhibition, slug="rapport", kind="report", document=document)
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        assert page.select_one(f'#rapport a[href="{document.public_url}"]') is not None

    def test_drafts_are_not_found_and_withdrawn_ones_are_gone(self, client, exhibition):
        ExhibitionFactory(slug="concept")
        assert client.get("/tentoonstellingen/concept/").status_code == 404
        assert client.get("/tentoonstellingen/concept/inleiding/").status_code == 404
        services.withdraw(item=exhibition)
        response = client.get("/tentoonstellingen/lokale-democratie/")
        assert response.status_code == 410
        assert (
            client.get("/tentoonstellingen/lokale-democratie/tijdlijn/herindeling/").status_code
            == 404
        )

    def test_costs_the_same_queries_however_long_the_timeline(
        self, client, django_assert_max_num_queries
    ):
        short = ExhibitionFactory(published=True, slug="kort")
        TimelineItemFactory(exhibition=short)
        long = ExhibitionFactory(published=True, slug="lang")
        document = ToolboxDocumentFactory(programme=ProgrammeFactory(published=True), with_pdf=True)
        TimelineItemFactory.create_batch(40, exhibition=long, document=document)
        # Rendered: the archive's stamp, the stored page (none), the exhibition with its
        # items, programmes and themes, and the page stored (a savepoint around one insert).
        with django_assert_max_num_queries(9) as few:
            client.get("/tentoonstellingen/kort/")
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get("/tentoonstellingen/lang/")
        # Not cached but stored (exhibitions/rendering.py): the stamp and the stored page.
        cache.clear()
        with django_assert_max_num_queries(2):
            assert client.get("/tentoonstellingen/lang/").status_code == 200


class TestVideo:
    def item_with_video(self, exhibition):
        return TimelineItemFactory(
            exhibition=exhibition,
            slug="interview",
            kind="interview",
            video=SimpleUploadedFile("interview.mp4", MP4_START, "video/mp4"),
            captions_nl=SimpleUploadedFile("interview.vtt", CAPTIONS, "text/vtt"),
            transcript_nl="<p>Goedemiddag.</p>",
        )

    def test_is_served_from_our_own_site_with_captions_and_a_transcript(self, client, exhibition):
        self.item_with_video(exhibition)
        page = parse(client.get("/tentoonstellingen/lokale-democratie/"))
        video = page.select_one("#interview video")
        assert (
            video.source["src"] == "/tentoonstellingen/lokale-democratie/tijdlijn/interview/video/"
        )
        track = video.select_one('track[kind="captions"]')
        assert track["srclang"] == "nl"
        assert "Goedemiddag." in text_of(page.select_one("#interview details"))
        response = client.get(video.source["src"])
        assert response.status_code == 200
        assert response["Content-Type"] == "video/mp4"
        assert response["Accept-Ranges"] == "bytes"
        partial = client.get(video.source["src"], HTTP_RANGE="bytes=4-11")
        assert partial.status_code == 206
        assert b"".join(partial.streaming_content) == b"ftypmp42"
        captions = client.get(track["src"])
        assert captions["Content-Type"] == "text/vtt; charset=utf-8"
        assert captions.content.startswith(b"WEBVTT")

    def test_a_video_without_captions_or_transcript_is_refused(self, exhibition):
        item = TimelineItemFactory.build(
            exhibition=exhibition,
            slug="stom",
            video=SimpleUploadedFile("film.mp4", MP4_START, "video/mp4"),
        )
        with pytest.raises(ValidationError) as refused:
            item.full_clean()
        assert "video" in refused.value.message_dict

    def test_only_real_video_and_webvtt_are_accepted(self, exhibition):
        item = TimelineItemFactory.build(
            exhibition=exhibition,
            slug="nep",
            video=SimpleUploadedFile("film.mp4", b"<html>not a video</html>", "video/mp4"),
            captions_nl=SimpleUploadedFile(
                "film.vtt", b"1\n00:00:00,000 --> 00:00:01,000\nSRT", "text/vtt"
            ),
            transcript_nl="<p>Tekst.</p>",
        )
        with pytest.raises(ValidationError) as refused:
            item.full_clean()
        assert {"video", "captions_nl"} <= set(refused.value.message_dict)


class TestModels:
    def test_a_period_cannot_end_before_it_starts(self, exhibition):
        item = TimelineItemFactory.build(
            exhibition=exhibition,
            slug="x",
            date=datetime.date(1990, 1, 1),
            end_date=datetime.date(1980, 1, 1),
        )
        with pytest.raises(ValidationError):
            item.full_clean()

    def test_item_addresses_are_unique_within_an_exhibition(self, exhibition):
        item = TimelineItemFactory.build(exhibition=exhibition, slug="herindeling")
        with pytest.raises(ValidationError):
            item.full_clean()
        TimelineItemFactory(exhibition=ExhibitionFactory(), slug="herindeling")

    def test_the_opening_item_belongs_to_the_exhibition(self, exhibition):
        exhibition.opening_item = TimelineItemFactory(exhibition=ExhibitionFactory())
        with pytest.raises(ValidationError):
            exhibition.full_clean()

    def test_rich_text_is_sanitised(self, exhibition):
        item = TimelineItemFactory(
            exhibition=exhibition, text_nl='<p onclick="x()">Tekst<script>x()</script></p>'
        )
        item.refresh_from_db()
        assert item.text_nl == "<p>Tekst</p>"


class TestAcrossTheSite:
    def test_the_home_page_presents_exhibitions_beside_programmes(self, client, exhibition):
        ProgrammeFactory(published=True)
        page = parse(client.get("/"))
        section = page.select_one('section[aria-labelledby="exhibitions-heading"]')
        assert [a["href"] for a in section.select("h3 a")] == [
            "/tentoonstellingen/lokale-democratie/"
        ]
        assert page.select_one('section[aria-labelledby="programmes-heading"] h3 a') is not None

    def test_an_edited_exhibition_shows_on_the_next_home_page(self, client, exhibition):
        client.get("/")  # now cached
        exhibition.title_nl = "Lokale democratie na 1945"
        exhibition.save()
        page = parse(client.get("/"))
        assert "Lokale democratie na 1945" in text_of(
            page.select_one("#exhibitions-heading").parent
        )

    def test_a_scheduled_exhibition_appears_when_its_time_comes(self, client, exhibition):
        start = timezone.now()
        ExhibitionFactory(
            slug="straks",
            title_nl="Straks zichtbaar",
            published=True,
            published_at=start + datetime.timedelta(hours=1),
        )
        with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
            assert "Straks zichtbaar" not in client.get("/").content.decode()  # now cached
        # Nothing is written when the time comes; the cached home page notices by itself.
        with time_machine.travel(start + datetime.timedelta(hours=1, minutes=1), tick=False):
            assert "Straks zichtbaar" in client.get("/").content.decode()

    def test_no_exhibitions_no_section(self, client):
        assert parse(client.get("/")).select_one("#exhibitions-heading") is None

    def test_the_sitemap_lists_published_exhibitions_in_both_languages(self, client, exhibition):
        ExhibitionFactory(slug="concept")
        body = client.get("/sitemap.xml").content.decode()
        assert "http://testserver/tentoonstellingen/lokale-democratie/" in body
        assert "http://testserver/en/exhibitions/lokale-democratie/" in body
        assert "/tentoonstellingen/concept/" not in body
        assert "http://testserver/tentoonstellingen/</loc>" in body


def test_a_changed_timeline_item_changes_its_exhibition(exhibition):
    before = exhibition.updated_at
    item = exhibition.items.first()
    item.title_nl = "Anders"
    item.save()
    exhibition.refresh_from_db()
    assert exhibition.updated_at > before
    touched = exhibition.updated_at
    item.delete()
    exhibition.refresh_from_db()
    assert exhibition.updated_at > touched


class TestStructuredData:
    @staticmethod
    def json_ld(response) -> dict:
        scripts = parse(response).select('script[type="application/ld+json"]')
        assert len(scripts) == 1
        return json.loads(scripts[0].string)

    def test_the_exhibition_is_a_collection_of_its_items(self, client, exhibition):
        exhibition.related_programmes.add(
            ProgrammeFactory(published=True, slug="lokaal-bestuur", title_nl="Lokaal bestuur")
        )
        data = self.json_ld(client.get("/tentoonstellingen/lokale-democratie/"))
        assert data["@type"] == "Collection"
        assert data["url"] == "http://testserver/tentoonstellingen/lokale-democratie/"
        assert data["name"] == exhibition.title_nl
        assert data["inLanguage"] == "nl"
        assert data["editor"] == {
            "@type": "Person",
            "name": exhibition.curator.name,
            "jobTitle": exhibition.curator.role_nl,
        }
        assert data["temporalCoverage"] == "1851/2002"
        assert [part["url"].rsplit("/", 2)[1] for part in data["hasPart"]] == [
            "gemeentewet",
            "referendum",
            "herindeling",
            "dualisering",
        ]
        assert data["hasPart"][0]["temporalCoverage"] == "1851-06-29"
        assert data["mentions"][0]["url"] == "http://testserver/programmas/lokaal-bestuur/"

    def test_english_addresses_and_language(self, client, exhibition):
        data = self.json_ld(client.get("/en/exhibitions/lokale-democratie/"))
        assert data["inLanguage"] == "en"
        assert data["name"] == exhibition.title_en
        assert data["hasPart"][0]["url"].startswith(
            "http://testserver/en/exhibitions/lokale-democratie/timeline/"
        )

    def test_an_item_with_a_video_describes_the_video_its_captions_and_transcript(
        self, client, exhibition
    ):
        TimelineItemFactory(
            exhibition=exhibition,
            slug="interview",
            date=datetime.date(1990, 5, 1),
            date_precision="month",
            kind="interview",
            video=SimpleUploadedFile("interview.mp4", MP4_START, "video/mp4"),
            captions_nl=SimpleUploadedFile("interview.vtt", CAPTIONS, "text/vtt"),
            transcript_nl="<p>Goedemiddag.</p>",
        )
        data = self.json_ld(client.get("/tentoonstellingen/lokale-democratie/tijdlijn/interview/"))
        base = "http://testserver/tentoonstellingen/lokale-democratie/tijdlijn/interview/"
        assert data["@type"] == "VideoObject"
        assert data["temporalCoverage"] == "1990-05"
        assert data["contentUrl"] == base + "video/"
        assert data["encodingFormat"] == "video/mp4"
        assert data["caption"] == [
            {
                "@type": "MediaObject",
                "contentUrl": base + "ondertiteling/nl.vtt",
                "encodingFormat": "text/vtt",
                "inLanguage": "nl",
            }
        ]
        assert data["transcript"] == "Goedemiddag."
        assert data["isPartOf"]["@id"] == "http://testserver/tentoonstellingen/lokale-democratie/"

    def test_an_item_cites_its_document(self, client, exhibition):
        item = exhibition.items.get(slug="herindeling")
        item.document = ToolboxDocumentFactory(title_nl="Het rapport")
        item.kind = "report"
        item.save()
        data = self.json_ld(
            client.get("/tentoonstellingen/lokale-democratie/tijdlijn/herindeling/")
        )
        assert data["@type"] == "Report"
        assert data["citation"]["name"] == "Het rapport"

    def test_text_cannot_break_out_of_the_data_block(self, client, exhibition):
        exhibition.title_nl = "</script><script>alert(1)</script>"
        exhibition.save()
        body = client.get("/tentoonstellingen/lokale-democratie/").content.decode()
        assert "</script><script>alert(1)" not in body
        assert self.json_ld(client.get("/tentoonstellingen/lokale-democratie/"))["name"] == (
            "</script><script>alert(1)</script>"
        )


class TestCaching:
    PAGES = [
        "/tentoonstellingen/",
        "/tentoonstellingen/lokale-democratie/",
        "/tentoonstellingen/lokale-democratie/inleiding/",
        "/en/exhibitions/lokale-democratie/timeline/herindeling/",
    ]

    @pytest.mark.parametrize("address", PAGES)
    def test_a_page_seen_before_costs_one_query(
        self, client, exhibition, address, django_assert_num_queries
    ):
        first = client.get(address)
        assert first.status_code == 200
        with django_assert_num_queries(1):  # the change stamp
            again = client.get(address)
        assert again.content == first.content
        # Nothing a visitor could pass on to another is kept.
        assert "csrfmiddlewaretoken" not in again.content.decode()
        assert "nonce=" not in again.content.decode()

    def test_an_edited_item_shows_on_the_next_request(self, client, exhibition):
        client.get("/tentoonstellingen/lokale-democratie/")
        item = exhibition.items.get(slug="herindeling")
        item.title_nl = "Gemeentelijke herindeling"
        item.save()
        assert "Gemeentelijke herindeling" in text_of(
            parse(client.get("/tentoonstellingen/lokale-democratie/")).main
        )

    def test_a_renamed_curator_shows_on_the_next_request(self, client, exhibition):
        client.get("/tentoonstellingen/lokale-democratie/inleiding/")
        exhibition.curator.name = "Ien Dales"
        exhibition.curator.save()
        page = client.get("/tentoonstellingen/lokale-democratie/inleiding/")
        assert "Ien Dales" in page.content.decode()

    def test_withdrawn_and_unpublished_exhibitions_are_gone_at_once(self, client, exhibition):
        for address in self.PAGES[1:]:
            client.get(address)
        services.unpublish(item=exhibition)
        assert [client.get(a).status_code for a in self.PAGES[1:]] == [404, 404, 404]
        services.publish(item=exhibition)
        services.withdraw(item=exhibition)
        assert client.get(self.PAGES[1]).status_code == 410

    def test_a_scheduled_exhibition_page_opens_when_its_time_comes(self, client):
        start = timezone.now()
        ExhibitionFactory(
            slug="straks", published=True, published_at=start + datetime.timedelta(hours=1)
        )
        with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
            assert client.get("/tentoonstellingen/straks/").status_code == 404
            assert "straks" not in client.get("/tentoonstellingen/").content.decode()
        with time_machine.travel(start + datetime.timedelta(hours=1, minutes=1), tick=False):
            assert client.get("/tentoonstellingen/straks/").status_code == 200
            assert (
                "/tentoonstellingen/straks/" in client.get("/tentoonstellingen/").content.decode()
            )


def test_the_introduction_and_an_item_are_described_by_their_own_text(client):
    exhibition = ExhibitionFactory(
        published=True,
        slug="omschreven",
        curator_introduction_nl="<p>De <b>hele</b> inleiding.</p>",
    )
    TimelineItemFactory(
        exhibition=exhibition, slug="item", text_nl="<p>Wat er <i>toen</i> gebeurde.</p>"
    )
    for address, description in [
        ("/tentoonstellingen/omschreven/inleiding/", "De hele inleiding."),
        ("/tentoonstellingen/omschreven/tijdlijn/item/", "Wat er toen gebeurde."),
    ]:
        meta = parse(client.get(address)).find("meta", attrs={"name": "description"})
        assert meta["content"] == description
