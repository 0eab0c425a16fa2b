"""Issue 15: hostile bodies sent to the analytics endpoint (/analytics/hit/) are refused with
400, never a 500, and nothing of them reaches Matomo."""

import json
import time

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.hostile import record, tally  # noqa: F401 - the module's tally fixture
from tests.website.test_analytics import PAGE, consenting_client, post_hit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tally")]
ENDPOINT = "/analytics/hit/"


@pytest.mark.parametrize(
    "body",
    [
        "[" * 2000 + "]" * 2000,  # 4,000 bytes: past the JSON parser's recursion limit
        "[" * 4096,
        "{" + '"a":{' * 680 + "}" * 681,
        '{"url": ' + "[" * 2000 + "]" * 2000 + "}",
        '{"url": "' + PAGE + '", "title": ' + "[" * 1500 + "]" * 1500 + "}",
        "[" * 5000 + "]" * 5000,  # larger than the endpoint takes at all
        "1" * 4096,  # a number of thousands of digits
        '{"url": ' + "9" * 4000 + "}",
        "\ud800",  # a lone surrogate (sent as its UTF-8-like bytes below)
    ],
)
def test_hostile_bodies_are_refused_and_nothing_is_forwarded(fake_matomo, body):
    payload = body.encode("utf-8", "surrogatepass")
    response = record(ENDPOINT, post_hit(consenting_client(), payload))
    assert response.status_code == 400
    time.sleep(0.05)
    assert fake_matomo.hits == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
BODY = st.one_of(
    st.binary(max_size=300),
    JSON.map(json.dumps),
    st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 1500).map(lambda depth: '{"url":' * depth + "1" + "}" * depth),
)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODY)
def test_any_body_is_refused_with_400_and_never_echoed_as_markup(fake_matomo, body):
    response = record(ENDPOINT, post_hit(consenting_client(), body))
    assert response.status_code in {204, 400}
    if response.status_code == 400:
        assert response["Content-Type"] == "text/plain; charset=utf-8"
