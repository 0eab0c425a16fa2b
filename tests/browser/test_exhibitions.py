"""Exhibition pages in Chromium: WCAG 2.1 AA with axe-core on every page type in both languages,
the timeline by keyboard alone, without JavaScript and on paper."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tests.browser.conftest import BROWSER, axe_violations
from tests.browser.test_keyboard import focused, tab_until
from tests.browser.test_layout import SCROLLS_SIDEWAYS
from tests.factories import (
    ExhibitionFactory,
    ProgrammeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
    png_upload,
)

pytestmark = BROWSER

MP4_START = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
CAPTIONS = b"WEBVTT\n\n00:00.000 --> 00:02.000\nGoedemiddag.\n"

PAGES = [
    ("nl", "/tentoonstellingen/"),
    ("en", "/en/exhibitions/"),
    ("nl", "/tentoonstellingen/lokale-democratie/"),
    ("en", "/en/exhibitions/lokale-democratie/"),
    ("nl", "/tentoonstellingen/lokale-democratie/inleiding/"),
    ("en", "/en/exhibitions/lokale-democratie/introduction/"),
    ("nl", "/tentoonstellingen/lokale-democratie/tijdlijn/interview/"),
    ("en", "/en/exhibitions/lokale-democratie/timeline/foto/"),
    # The home page, the archive's index and search present exhibitions beside programmes.
    ("nl", "/"),
    ("nl", "/programmas/"),
    ("en", "/en/programmes/?q=exhibition"),
]


@pytest.fixture
def exhibition(live_server):
    ContentType.objects.clear_cache()  # a flush between committing tests renumbers them
    exhibition = ExhibitionFactory(published=True, slug="lokale-democratie")
    exhibition.related_programmes.add(ProgrammeFactory(published=True))
    TimelineItemFactory(exhibition=exhibition, slug="gemeentewet", date=datetime.date(1851, 6, 29))
    TimelineItemFactory(
        exhibition=exhibition,
        slug="foto",
        kind="photo",
        date=datetime.date(1965, 3, 1),
        image=png_upload(size=(40, 30)),
        image_alt_text_nl="Raadsleden bij de eerste vergadering",
        image_alt_text_en="Councillors at the first meeting",
    )
    interview = TimelineItemFactory(
        exhibition=exhibition,
        slug="interview",
        kind="interview",
        date=datetime.date(2002, 3, 7),
        video=SimpleUploadedFile("interview.mp4", MP4_START, "video/mp4"),
        captions_nl=SimpleUploadedFile("interview.vtt", CAPTIONS, "text/vtt"),
        transcript_nl="<p>Goedemiddag.</p>",
    )
    document = ToolboxDocumentFactory(programme=ProgrammeFactory(published=True), with_pdf=True)
    TimelineItemFactory(
        exhibition=exhibition,
        slug="rapport",
        kind="report",
        date=datetime.date(1970, 1, 1),
        date_precision="year",
        document=document,
    )
    exhibition.opening_item = interview
    exhibition.save()
    return exhibition


@pytest.mark.parametrize(("language", "address"), PAGES)
def test_no_wcag_a_or_aa_violations(page, exhibition, axe_source, language, address):
    response = page.goto(address)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page, axe_source) == []


def test_the_timeline_by_keyboard(page, exhibition):
    page.goto("/tentoonstellingen/lokale-democratie/")
    decade = tab_until(page, lambda element: element["href"] == "#decade-1960")
    assert decade["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#decade-1960"
    heading = page.locator("#decade-1960-heading")
    assert heading.is_visible()
    # The page scrolls the decade's heading into view (to within a subpixel of the top).
    page.wait_for_function(
        "() => { const r = document.querySelector('#decade-1960-heading').getBoundingClientRect();"
        " return r.top > -2 && r.top < window.innerHeight; }",
        timeout=3000,
    )
    # Onwards from the decade: its first item's link, then to the transcript of the interview.
    item = tab_until(page, lambda element: (element["href"] or "").endswith("/tijdlijn/foto/"))
    assert item["tag"] == "a"
    summary = tab_until(page, lambda element: element["tag"] == "summary")
    assert summary["text"] == "Transcript"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open") is True
    assert page.evaluate("document.activeElement.closest('#decade-2000') !== null")


def test_the_timeline_reads_without_javascript(browser, live_server, exhibition):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/tentoonstellingen/lokale-democratie/")
        assert page.locator(".timeline h4").count() == 4
        assert focused(page)["tag"] == "body"
    finally:
        context.close()


def test_the_timeline_on_paper(page, exhibition, tmp_path):
    page.goto("/tentoonstellingen/lokale-democratie/")
    page.emulate_media(media="print")
    assert not page.locator(".timeline__decades").is_visible()  # links to parts of a screen
    assert not page.locator("#interview video").is_visible()
    # The transcript prints open, though it is closed on screen.
    assert page.locator("#interview details > div").is_visible()
    pdf = tmp_path / "tentoonstelling.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = " ".join(
        " ".join(page_of_pdf.extract_text().split()) for page_of_pdf in PdfReader(pdf).pages
    )
    timeline = text[text.index("Tijdlijn") :]  # after the opening item, printed before it
    titles = [item.title_nl for item in exhibition.items.order_by("date")]
    positions = [timeline.index(title) for title in titles]
    assert positions == sorted(positions), "the items print in the order of the timeline"
    assert "Goedemiddag." in text
    # Where to watch the video (addresses may wrap at the end of a line on paper).
    assert "/tentoonstellingen/lokale-democratie/tijdlijn/interview/" in "".join(text.split())


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/programmas/",
        "/tentoonstellingen/lokale-democratie/",
        "/tentoonstellingen/lokale-democratie/tijdlijn/interview/",
    ],
)
def test_nothing_scrolls_sideways_at_320_pixels(browser, live_server, exhibition, address):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(address)
        assert not page.evaluate(SCROLLS_SIDEWAYS)
    finally:
        context.close()
