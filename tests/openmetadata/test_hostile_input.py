"""Issue 15: hostile arguments to /oai/ are answered by the protocol (badVerb, badArgument, ...),
never with a 500, and nothing XML cannot hold is echoed back."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from openmetadata.oai import VERBS
from tests.factories import ProgrammeFactory
from tests.hostile import record, tally  # noqa: F401 - the module's tally fixture
from tests.openmetadata.oai_client import Answer, answer_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tally")]

ARGUMENTS = ("identifier", "metadataPrefix", "from", "until", "set", "resumptionToken")
# Each of these makes lxml raise ValueError if it reaches an attribute or a text.
NOT_XML = ["\x01", "\x00", "\x1f", "\ufffe", "\uffff"]


def hostile_oai(client: Client, arguments: dict, method: str = "get") -> Answer:
    """The answer to hostile arguments, counted, and checked to be valid OAI-PMH (status 200)."""
    send = client.post if method == "post" else client.get
    return answer_of(record("/oai/", send("/oai/", arguments)))


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("character", NOT_XML)
def test_a_verb_xml_cannot_hold_is_a_bad_verb(client, character, method):
    answer = hostile_oai(client, {"verb": character}, method)
    assert answer.error_code == "badVerb"
    assert answer.request_attributes == {}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("character", NOT_XML)
@pytest.mark.parametrize("name", ARGUMENTS)
def test_an_argument_xml_cannot_hold_is_a_bad_argument(client, name, character, method):
    arguments = {"verb": "ListRecords", "metadataPrefix": "oai_dc", name: f"x{character}y"}
    answer = hostile_oai(client, arguments, method)
    assert answer.error_code == "badArgument"
    assert answer.request_attributes == {}  # after badArgument the request element is bare


def test_an_argument_name_xml_cannot_hold_is_a_bad_argument(client):
    answer = hostile_oai(client, {"verb": "Identify", "\x01": "x"})
    assert answer.error_code == "badArgument"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("verb=%ff", "badVerb"),
        ("verb=Identify&%ff=1", "badArgument"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=%ff%fe", "idDoesNotExist"),
        ("verb=ListRecords&resumptionToken=%c3%28", "badResumptionToken"),
        ("verb=ListRecords&metadataPrefix=%80", "badArgument"),
    ],
)
def test_invalid_utf8_is_answered_by_the_protocol(client, query, code):
    assert answer_of(record("/oai/", client.get(f"/oai/?{query}"))).error_code == code


@pytest.mark.parametrize("edge", ["9999-12-31", "9999-12-31T23:59:59Z"])
def test_until_the_end_of_the_calendar_includes_everything(client, edge):
    ProgrammeFactory(published=True, slug="tot-het-eind")
    answer = hostile_oai(
        client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": edge}
    )
    assert answer.error_code is None
    assert "oai:geheugenvanbzk.nl:programme/tot-het-eind" in answer.identifiers


@pytest.mark.parametrize(
    ("dates", "code"),
    [
        ({"from": "9999-12-31"}, "noRecordsMatch"),
        ({"from": "9999-12-31T23:59:59Z", "until": "9999-12-31T23:59:59Z"}, "noRecordsMatch"),
        ({"from": "0001-01-01", "until": "0001-01-01"}, "noRecordsMatch"),
        ({"from": "9999-12-31", "until": "0001-01-01"}, "badArgument"),
        ({"until": "10000-01-01"}, "badArgument"),
        ({"until": "2020-02-30"}, "badArgument"),
        ({"from": "２０２０-01-01"}, "badArgument"),  # full-width digits are not ASCII digits
        ({"from": "2020-01-01\n"}, "badArgument"),
    ],
)
def test_dates_at_the_edge_of_the_calendar(client, dates, code):
    ProgrammeFactory(published=True)
    answer = hostile_oai(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc", **dates})
    assert answer.error_code == code


MARKUP = "<b>oai</b>"
# Any text a query can carry (lone surrogates cannot be encoded), sometimes with markup in it.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
TEXT = TEXT | st.builds("{}{}{}".format, TEXT, st.just(MARKUP), TEXT)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    verb=st.one_of(st.sampled_from(sorted(VERBS)), TEXT),
    arguments=st.dictionaries(st.one_of(st.sampled_from(ARGUMENTS), TEXT), TEXT, max_size=4),
    method=st.sampled_from(["get", "post"]),
)
def test_any_arguments_get_a_valid_oai_answer_and_no_unescaped_echo(
    client, verb, arguments, method
):
    send = client.post if method == "post" else client.get
    response = record("/oai/", send("/oai/", {**arguments, "verb": verb}))
    assert MARKUP.encode() not in response.content
    # Valid against the schema (answer_of checks): nothing sent became markup of the answer.
    assert answer_of(response).error_code in {
        None,
        "badVerb",
        "badArgument",
        "idDoesNotExist",
        "cannotDisseminateFormat",
        "noRecordsMatch",
        "badResumptionToken",
    }
