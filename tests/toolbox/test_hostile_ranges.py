"""Issue 15: hostile Range, If-Range and If-None-Match headers never reach a 500. An invalid
Range is ignored (200, the whole file) and an unsatisfiable one is answered 416 (RFC 9110 14.2);
the same code (website/file_responses.py) serves documents and exhibition videos."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import (
    MINIMAL_PDF,
    ExhibitionFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)
from tests.hostile import record, tally  # noqa: F401 - the module's tally fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tally")]

HUGE = "9" * 5000  # past Python's limit for converting a string to an int (4300 digits)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@pytest.fixture
def document_url():
    return ToolboxDocumentFactory(programme__published=True, with_pdf=True).public_url


@pytest.fixture
def video_url():
    exhibition = ExhibitionFactory(published=True, slug="verhalen")
    TimelineItemFactory(
        exhibition=exhibition,
        slug="film",
        video=SimpleUploadedFile("film.mp4", MP4, "video/mp4"),
        captions_nl=SimpleUploadedFile("film.vtt", b"WEBVTT\n", "text/vtt"),
        transcript_nl="<p>Tekst.</p>",
    )
    return "/tentoonstellingen/verhalen/tijdlijn/film/video/"


@pytest.fixture(params=["document", "video"])
def stored_file(request, document_url, video_url):
    """Each endpoint that serves byte ranges, with the size of its file."""
    if request.param == "document":
        return "document download", document_url, len(MINIMAL_PDF)
    return "exhibition video", video_url, len(MP4)


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (f"bytes={HUGE}-", 416),  # starts past the end
        (f"bytes={HUGE}-{HUGE}", 416),
        (f"bytes=0-{HUGE}", 206),  # the end is clamped to the file's last byte
        (f"bytes=-{HUGE}", 206),  # a suffix longer than the file: all of it
        (f"bytes={HUGE}-5", 200),  # last before first: invalid, ignored
        (f"bytes=0{HUGE}-", 416),
        (f"bytes=00000{'0' * 5000}-", 206),  # leading zeros are still position 0
        ("bytes=٣-٥", 200),  # Arabic-Indic digits are not digits in HTTP
        ("bytes=0-1\n", 206),
        ("bytes=0-1\nbytes=2-3", 200),
        ("bytes=\x00-\x01", 200),
        ("bytes=" + "0-1," * 2000, 200),  # many ranges: the whole file is always a valid answer
        ("x" * 10000, 200),
    ],
)
def test_hostile_ranges(client, stored_file, header, status):
    endpoint, url, size = stored_file
    response = record(endpoint, client.get(url, HTTP_RANGE=header))
    assert response.status_code == status
    if status == 206:
        assert response["Content-Range"].endswith(f"/{size}")
    if status == 416:
        assert response["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize(
    "if_range", ["", "*", "\x01", '"' + HUGE + '"', "W/", 'W/"x"', "Tue, 31 Dec 9999 23:59:59 GMT"]
)
def test_an_odd_if_range_sends_the_whole_file(client, stored_file, if_range):
    endpoint, url, _size = stored_file
    response = record(endpoint, client.get(url, HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE=if_range))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header", ["", ",", "W/", '"', "\x00", "," * 10000, '"' + HUGE + '"', "* , *", "W/W/W/"]
)
def test_an_odd_if_none_match_is_answered(client, document_url, header):
    response = record("document download", client.get(document_url, HTTP_IF_NONE_MATCH=header))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header", ["", "\x00", HUGE, "Fri, 31 Dec 99999 23:59:59 GMT", "Mon, 01 Jan 0000 00:00:00 GMT"]
)
def test_an_odd_if_modified_since_is_ignored(client, document_url, header):
    response = record("document download", client.get(document_url, HTTP_IF_MODIFIED_SINCE=header))
    assert response.status_code == 200


DIGITS = st.text("0123456789", max_size=5000)
LATIN1 = st.text(st.characters(max_codepoint=255), max_size=60)
RANGE = st.one_of(
    st.builds("bytes={}-{}".format, DIGITS, DIGITS),
    st.builds("bytes={}-{}".format, st.integers(0, 200), st.integers(0, 200)),
    LATIN1,
)


@hypothesis_settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(header=RANGE, if_range=st.one_of(st.none(), LATIN1))
def test_any_range_gets_the_file_a_part_of_it_or_416(client, stored_file, header, if_range):
    endpoint, url, size = stored_file
    extra = {"HTTP_RANGE": header} | ({"HTTP_IF_RANGE": if_range} if if_range is not None else {})
    response = record(endpoint, client.get(url, **extra))
    assert response.status_code in {200, 206, 416}
    if response.status_code == 206:
        first, last = response["Content-Range"].removeprefix("bytes ").split("/")[0].split("-")
        assert 0 <= int(first) <= int(last) < size
        assert len(b"".join(response.streaming_content)) == int(last) - int(first) + 1
